// Which behaviour a case's run takes. The first case workflow type (`caseWorkflow`) asks
// `patched()` for each change made since its first release, so the histories of cases started
// before a change keep replaying; every new run of it records one marker (and Temporal's
// `TemporalChangeVersion` search attribute) per change. Cases started now run the current type
// (`caseWorkflowV2`, versioning by workflow type): every change up to it is simply in, and it
// adds what no patch could give the old type cheaply, quiet transitions (below).

/** The behaviour of one run of a case workflow type. */
export interface CaseVersion {
  /** Whether this run takes the change guarded by the patch `id`. */
  has(id: string): boolean;
  /**
   * Quiet transitions: one timer per run that is only ever moved earlier (a step change that
   * wakes the case later keeps the armed timer and lets it ring early, harmlessly), and only the
   * search attributes that seldom change (status, program, country, priority), upserted when they
   * differ from the workflow's own. A step completion then adds no timer and no visibility write.
   */
  quiet: boolean;
}

/** `caseWorkflow`: cases started before `caseWorkflowV2`; each change asks its patch. */
export const PATCHED_RUN = (patched: (id: string) => boolean): CaseVersion => ({
  has: patched,
  quiet: false,
});

/** `caseWorkflowV2`: every patch of `caseWorkflow` is in, without markers; quiet transitions. */
export const CURRENT_RUN: CaseVersion = { has: () => true, quiet: true };
