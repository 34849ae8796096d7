// Held-out evaluation of the ERA5 UK 2 m temperature model against persistence, through Strata's own
// rollout (HTA with the 1 h model) and WeatherBench-2 scores.
import { rollout, Scorecard, scoreField, modelGrid, type GridModel, type GridState } from '@strata/weather';
import { FIRST_HELD_OUT, SPEC } from './data.js';

/** Lead times scored, in hours. */
export const LEADS = [1, 6] as const;

/** Held-out RMSE (K) of the model and of persistence at each lead. */
export interface Evaluation {
  readonly lead: number;
  readonly model: number;
  readonly persistence: number;
}

/** Scores every held-out initial time whose verifying hours are in the file. */
export async function evaluate(
  model: GridModel,
  times: readonly number[],
  states: readonly GridState[],
): Promise<Evaluation[]> {
  const latitude = modelGrid(SPEC).latitude;
  const card = new Scorecard();
  const maxLead = Math.max(...LEADS);
  for (let i = FIRST_HELD_OUT; i + maxLead < states.length; i++) {
    const truth = (lead: number) => states[i + lead]!.input_surface!;
    await rollout({
      models: [model],
      initial: states[i]!,
      initTime: times[i]!,
      leads: [...LEADS],
      emit: async (lead, state) => {
        card.add(
          { variable: 'model', lead },
          scoreField({ forecast: state.input_surface!, truth: truth(lead), latitude }),
        );
        card.add(
          { variable: 'persistence', lead },
          scoreField({ forecast: states[i]!.input_surface!, truth: truth(lead), latitude }),
        );
      },
    });
  }
  const rows = card.rows();
  const rmse = (variable: string, lead: number) =>
    rows.find((r) => r.variable === variable && r.lead === lead)!.rmse;
  return LEADS.map((lead) => ({ lead, model: rmse('model', lead), persistence: rmse('persistence', lead) }));
}
