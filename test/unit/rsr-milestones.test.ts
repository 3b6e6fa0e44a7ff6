// The monthly outcome counts (UNHCR RSR shape) name steps and outcomes of the sample processes;
// a renamed step or outcome would silently count zero, so check the names against the samples.
import { RSR_MILESTONES } from '../../api/routes/monitoring';
import { loadDefinitionsDir, SAMPLES_DIR } from '../../definitions/load';

const bases = loadDefinitionsDir(SAMPLES_DIR).map((l) => l.definition).filter((d) => !d.country);

describe.each(Object.entries(RSR_MILESTONES))('RSR milestone %s', (_name, milestones) => {
  it.each(milestones.map((m) => [m.step, m] as const))('counts a step %s that a base process has, leaving by its outcomes', (step, milestone) => {
    const found = bases.flatMap((d) => d.steps).find((s) => s.id === step);
    expect(found).toBeDefined();
    const outcomes = 'outcomes' in milestone ? milestone.outcomes : [];
    const stepOutcomes = found && 'outcomes' in found ? Object.keys(found.outcomes) : [];
    expect(stepOutcomes).toEqual(expect.arrayContaining([...outcomes]));
  });
});
