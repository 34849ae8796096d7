import { ModelCatalog } from '@strata/core/node';

/** The task of the models a screen can run on molecules. */
const PROPERTY_TASK = 'molecular-property';

/** A property model a screen can run, as clients choose it. */
export interface PropertyModelChoice {
  readonly id: string;
  readonly description: string;
}

/** The property models in `modelsDir` (each `<id>/model.json`), by id; other models and folders are skipped. */
export async function propertyModelChoices(modelsDir: string): Promise<PropertyModelChoice[]> {
  const catalog = await ModelCatalog.open(modelsDir);
  return catalog
    .byTask(PROPERTY_TASK)
    .map(({ manifest: m }) => ({ id: m.id, description: m.card.description }));
}
