// The words of the web pages. Words an email already has (case, step, due, priority, the
// priorities, locale and direction) come from the email catalogues in activities/templates, so
// a caseworker reads the same word in the email and on the page.

/** Every word of the pages in one language; {placeholders} are filled by `fill`. */
export interface WebText {
  appName: string;
  skipToContent: string;
  language: string;
  switchLanguage: string;
  signIn: string;
  signInIntro: string;
  email: string;
  sendLink: string;
  linkSent: string;
  continueSignIn: string;
  continueIntro: string;
  linkInvalid: string;
  signInAgain: string;
  signOut: string;
  signedInAs: string;
  signInSubject: string;
  signInBody: string;
  signInAction: string;
  signInExpiry: string;
  myTasks: string;
  noTasks: string;
  filter: string;
  allCountries: string;
  allPrograms: string;
  allPriorities: string;
  country: string;
  program: string;
  overdue: string;
  status: string;
  assignee: string;
  reason: string;
  reasonAssigned: string;
  reasonReview: string;
  caseTitle: string;
  currentStep: string;
  onHold: string;
  closed: string;
  open: string;
  timeline: string;
  partnersInformed: string;
  noPartners: string;
  applicant: string;
  act: string;
  outcome: string;
  comment: string;
  complete: string;
  stepCompleted: string;
  hold: string;
  holdReason: string;
  putOnHold: string;
  resume: string;
  resumed: string;
  heldDone: string;
  entered: string;
  left: string;
  by: string;
  reminder: string;
  email_: string;
  partnerUpdate: string;
  choose: string;
  yes: string;
  back: string;
  errorTitle: string;
  notFound: string;
  forbidden: string;
  conflict: string;
  unavailable: string;
  badRequest: string;
  csrfRefused: string;
  required: string;
  mistyped: string;
  unknownField: string;
  unknownOutcome: string;
  notOwner: string;
  fourEyes: string;
  wrongStep: string;
  caseClosed: string;
  caseOnHold: string;
  caseNotOnHold: string;
  team: string;
  overdueWork: string;
  approvalsWaiting: string;
  nothingOverdue: string;
  noApprovals: string;
  supervise: string;
  reassign: string;
  newAssignee: string;
  closeCase: string;
  closeReason: string;
  reassigned: string;
  closedDone: string;
  sameAssignee: string;
  definitions: string;
  definition: string;
  versions: string;
  latestVersion: string;
  diagram: string;
  diagramTitle: string;
  noDefinitions: string;
}

/** Fills {name} placeholders; unknown names stay as written. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );
}
