// A small valid resettlement definition that the broken-definition tests break one way each.
// Step indexes: 0 identification, 1 interview, 2 approval, 3 decision, 4 follow_up_wait, 5 closed.
/* eslint-disable @typescript-eslint/no-explicit-any */

export function miniDefinition(): any {
  return {
    id: 'resettlement',
    program: 'resettlement',
    title: 'Resettlement (small)',
    timeZone: 'Africa/Nairobi',
    roles: ['caseworker', 'supervisor'],
    start: 'identification',
    steps: [
      {
        id: 'identification',
        kind: 'task',
        title: 'Identification',
        owner: 'caseworker',
        due: 'P14D',
        partnerStatus: 'Referral received',
        outcomes: { referred: 'interview' },
      },
      {
        id: 'interview',
        kind: 'task',
        title: 'Interview',
        owner: 'caseworker',
        due: { emergency: 'P3D', normal: 'P30D' },
        reminders: [
          { id: 'escalate_to_supervisor', kind: 'escalate', after: 'P3D', to: { role: 'supervisor' } },
        ],
        outcomes: { completed: 'approval' },
      },
      {
        id: 'approval',
        kind: 'approval',
        title: 'Supervisor approval',
        owner: 'supervisor',
        outcomes: { approved: 'decision', rejected: 'closed', returned: 'interview' },
      },
      {
        id: 'decision',
        kind: 'wait',
        title: 'State decision',
        event: 'state_decision',
        timeout: { after: 'P6M', outcome: 'rejected' },
        outcomes: { accepted: 'follow_up_wait', rejected: 'closed' },
      },
      {
        id: 'follow_up_wait',
        kind: 'timer',
        title: 'Three months after arrival',
        duration: 'P3M',
        outcomes: { elapsed: 'closed' },
      },
      { id: 'closed', kind: 'end', title: 'Closed', reason: 'resettled' },
    ],
  };
}

/** The mini definition after `breakIt` changed it. */
export function broken(breakIt: (definition: any) => void): any {
  const definition = miniDefinition();
  breakIt(definition);
  return definition;
}
