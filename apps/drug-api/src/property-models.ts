import { ModelCatalog } from '@strata/core/node';
import { propertyModelSpec, type PropertyModelSpec } from '@strata/drug';

/** The task of the models a screen can run on molecules. */
const PROPERTY_TASK = 'molecular-property';

/** A property model a screen can run, as clients choose it, with what its manifest says of its tasks. */
export interface PropertyModelChoice {
  readonly id: string;
  readonly description: string;
  /** Its tasks, each a column of a screen's results (labels and units from the manifest). */
  readonly spec: PropertyModelSpec;
}

/** The property models in `modelsDir` (each `<id>/model.json`), by id; other models and folders are skipped. */
export async function propertyModelChoices(modelsDir: string): Promise<PropertyModelChoice[]> {
  const catalog = await ModelCatalog.open(modelsDir);
  return catalog.byTask(PROPERTY_TASK).map(({ manifest: m }) => ({
    id: m.id,
    description: m.card.description,
    spec: propertyModelSpec(m),
  }));
}
