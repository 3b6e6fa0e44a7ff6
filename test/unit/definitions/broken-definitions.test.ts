// Each broken definition must produce its own plain message at its own path, as a program
// manager would read it in the CLI or the API.
import { validateDefinition } from '../../../definitions/validate';
import { broken, miniDefinition } from './support/mini';

function problemsOf(input: unknown) {
  const result = validateDefinition(input);
  expect(result.ok).toBe(false);
  return result.problems;
}

function expectProblem(input: unknown, path: string, message: string | RegExp) {
  const problems = problemsOf(input);
  const atPath = problems.filter((problem) => problem.path === path);
  if (atPath.length === 0)
    throw new Error(
      `no problem at ${path}; got:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`,
    );
  if (typeof message === 'string') expect(atPath.map((problem) => problem.message)).toContain(message);
  else expect(atPath.some((problem) => message.test(problem.message))).toBe(true);
}

describe('the mini definition', () => {
  it('is valid as written', () => {
    expect(validateDefinition(miniDefinition()).problems).toEqual([]);
  });
});

describe('broken definitions', () => {
  it('a dangling outcome, with the step it probably meant', () => {
    expectProblem(
      broken((d) => {
        d.steps[2].outcomes.approved = 'decison';
      }),
      'steps[2].outcomes.approved',
      'goes to "decison", which is not a step — did you mean "decision"? (until this is fixed, 2 steps after it cannot be reached)',
    );
  });

  it('an unreachable step', () => {
    expectProblem(
      broken((d) => {
        d.steps.push({
          id: 'orphan',
          kind: 'task',
          title: 'Orphan',
          owner: 'caseworker',
          outcomes: { done: 'closed' },
        });
      }),
      'steps[6]',
      '"orphan" cannot be reached from the start step "identification"; no outcome goes to it',
    );
  });

  it('a duplicate step id', () => {
    expectProblem(
      broken((d) => {
        d.steps.push({ id: 'closed', kind: 'end', title: 'Closed again', reason: 'other' });
      }),
      'steps[6].id',
      '"closed" is already the id of steps[5]; step ids must be unique',
    );
  });

  it('a duration that is not ISO-8601', () => {
    expectProblem(
      broken((d) => {
        d.steps[1].due.normal = '30 days';
      }),
      'steps[1].due.normal',
      '"30 days" must be an ISO-8601 duration such as P14D, PT12H or P3M, of at most 10 years, or working days such as "10 working days"',
    );
  });

  it('a zero duration', () => {
    expectProblem(
      broken((d) => {
        d.steps[4].duration = 'P0D';
      }),
      'steps[4].duration',
      '"P0D" is zero; a duration must be longer than nothing',
    );
  });

  it('an owner that is not a role', () => {
    expectProblem(
      broken((d) => {
        d.steps[0].owner = 'casewroker';
      }),
      'steps[0].owner',
      '"casewroker" is not a role of this definition — did you mean "caseworker"?',
    );
  });

  it('a task email to a role that may not complete the step', () => {
    expectProblem(
      broken((d) => {
        d.steps[2].notify = [{ on: 'enter', to: { role: 'caseworker' }, template: 'task_assigned' }];
      }),
      'steps[2].notify[0].to',
      'a task email goes to role "caseworker", who may not complete this step (owned by "supervisor"); send it to assignee or { role: supervisor }',
    );
  });

  it('a reminder on a step that nobody completes by hand', () => {
    expectProblem(
      broken((d) => {
        d.steps[3].reminders = [
          { id: 'soon', kind: 'before_due', before: 'P7D', to: { role: 'supervisor' } },
        ];
      }),
      'steps[3].reminders[0].to',
      'a reminder asks someone to act, but nobody completes this step by hand',
    );
  });

  it('an escalation to a role the definition does not have', () => {
    expectProblem(
      broken((d) => {
        d.steps[1].reminders[0].to.role = 'country_director';
      }),
      'steps[1].reminders[0].to.role',
      '"country_director" is not a role of this definition',
    );
  });

  it('a start that is not a step', () => {
    expectProblem(
      broken((d) => {
        d.start = 'identifcation';
      }),
      'start',
      '"identifcation" is not a step — did you mean "identification"?',
    );
  });

  it('an end step with outcomes', () => {
    expectProblem(
      broken((d) => {
        d.steps[5].outcomes = { reopened: 'identification' };
      }),
      'steps[5].outcomes',
      'an end step closes the case and cannot have outcomes',
    );
  });

  it('a task with no outcomes', () => {
    expectProblem(
      broken((d) => {
        d.steps[0].outcomes = {};
      }),
      'steps[0].outcomes',
      'a task step needs at least one outcome (where the case goes next)',
    );
  });

  it('a task with the outcomes left out', () => {
    expectProblem(
      broken((d) => {
        delete d.steps[0].outcomes;
      }),
      'steps[0].outcomes',
      'is required',
    );
  });

  it('a wait whose timeout outcome is not one of its outcomes', () => {
    expectProblem(
      broken((d) => {
        d.steps[3].timeout.outcome = 'expired';
      }),
      'steps[3].timeout.outcome',
      '"expired" is not one of this step\'s outcomes (accepted, rejected)',
    );
  });

  it('two reminders with the same id', () => {
    expectProblem(
      broken((d) => {
        d.steps[1].reminders.push({ id: 'escalate_to_supervisor', kind: 'at_due' });
      }),
      'steps[1].reminders[1].id',
      '"escalate_to_supervisor" is used by another reminder of this step; reminder ids must be unique',
    );
  });

  it('an approval without a rejected outcome', () => {
    expectProblem(
      broken((d) => {
        delete d.steps[2].outcomes.rejected;
      }),
      'steps[2].outcomes',
      'an approval needs the outcomes approved and rejected (missing: rejected)',
    );
  });

  it('an approval outcome that is not a decision', () => {
    expectProblem(
      broken((d) => {
        d.steps[2].outcomes.maybe = 'closed';
      }),
      'steps[2].outcomes.maybe',
      'an approval decides only approved, rejected or returned',
    );
  });

  it('a "returned" that does not go back', () => {
    expectProblem(
      broken((d) => {
        d.steps[2].outcomes.returned = 'decision';
      }),
      'steps[2].outcomes.returned',
      'goes to "decision", which never leads back to this approval; "returned" must send the case back to an earlier step',
    );
  });

  it('a cycle with no exit', () => {
    const input = broken((d) => {
      d.steps[3].outcomes = { accepted: 'follow_up_wait', rejected: 'follow_up_wait' };
      d.steps[4].outcomes = { elapsed: 'decision' };
    });
    expectProblem(
      input,
      'steps[3]',
      '"decision" is caught in a loop with no exit: no path of outcomes from it reaches an end step',
    );
    expectProblem(
      input,
      'steps[4]',
      '"follow_up_wait" is caught in a loop with no exit: no path of outcomes from it reaches an end step',
    );
  });

  it('a step that leads to itself', () => {
    expectProblem(
      broken((d) => {
        d.steps[1].outcomes.rescheduled = 'interview';
      }),
      'steps[1].outcomes.rescheduled',
      'goes back to this same step; to repeat work, return to an earlier step',
    );
  });

  it('a template that does not exist', () => {
    expectProblem(
      broken((d) => {
        d.steps[0].notify = [{ on: 'enter', to: 'assignee', template: 'task_asigned' }];
      }),
      'steps[0].notify[0].template',
      /^"task_asigned" is not one of task_assigned, .* — did you mean "task_assigned"\?$/,
    );
  });

  it('a notification on an outcome the step does not have', () => {
    expectProblem(
      broken((d) => {
        d.steps[0].notify = [
          { on: 'outcome', outcome: 'refered', to: 'assignee', template: 'step_completed' },
        ];
      }),
      'steps[0].notify[0].outcome',
      '"refered" is not an outcome of this step — did you mean "referred"?',
    );
  });

  it('an outcome named on a notification that fires on enter', () => {
    expectProblem(
      broken((d) => {
        d.steps[0].notify = [{ on: 'enter', outcome: 'referred', to: 'assignee', template: 'step_entered' }];
      }),
      'steps[0].notify[0].outcome',
      'only a notification on: outcome names an outcome (this one is on: enter)',
    );
  });

  it('an enum field without values', () => {
    expectProblem(
      broken((d) => {
        d.steps[0].fields = [{ name: 'submission_category', type: 'enum' }];
      }),
      'steps[0].fields[0].values',
      'an enum field needs a list of values to choose from',
    );
  });

  it('an empty per-priority deadline', () => {
    expectProblem(
      broken((d) => {
        d.steps[1].due = {};
      }),
      'steps[1].due',
      'a per-priority deadline needs at least one of default, emergency, urgent or normal',
    );
  });

  it('a time zone that does not exist', () => {
    expectProblem(
      broken((d) => {
        d.timeZone = 'Africa/Nairobbi';
      }),
      'timeZone',
      '"Africa/Nairobbi" is not an IANA time zone such as Africa/Nairobi — did you mean "Africa/Nairobi"?',
    );
  });

  it('reminders on a step with no deadline', () => {
    expectProblem(
      broken((d) => {
        d.steps[2].reminders = [{ id: 'due_today', kind: 'at_due' }];
      }),
      'steps[2].reminders[0]',
      "reminders count from the step's deadline, but this step has none",
    );
  });

  it('a before-due reminder longer than the shortest deadline', () => {
    expectProblem(
      broken((d) => {
        d.steps[1].reminders.push({ id: 'due_soon', kind: 'before_due', before: 'P5D' });
      }),
      'steps[1].reminders[1].before',
      'P5D is not shorter than the deadline P3D, so the reminder would come before the step even starts',
    );
  });

  it('a partner told about a step they cannot see', () => {
    expectProblem(
      broken((d) => {
        d.steps[1].notify = [{ on: 'enter', to: { partner: 'referring' }, template: 'partner_update' }];
      }),
      'steps[1].notify[0].to',
      'tells a partner about this step, but the step has no partnerStatus label for partners to see',
    );
  });

  it('a misspelt property', () => {
    expectProblem(
      broken((d) => {
        d.steps[0].outcome = d.steps[0].outcomes;
      }),
      'steps[0].outcome',
      'is not a property here — did you mean "outcomes"?',
    );
  });

  it('a property written in the wrong case', () => {
    expectProblem(
      broken((d) => {
        d.timezone = d.timeZone;
        delete d.timeZone;
      }),
      'timezone',
      'is not a property here — did you mean "timeZone"?',
    );
  });

  it('a step kind that does not exist', () => {
    expectProblem(
      broken((d) => {
        d.steps[2].kind = 'approve';
      }),
      'steps[2].kind',
      '"approve" is not one of task, approval, wait, timer, end — did you mean "approval"?',
    );
  });

  it('a role listed twice', () => {
    expectProblem(
      broken((d) => {
        d.roles.push('caseworker');
      }),
      'roles[2]',
      '"caseworker" is listed twice',
    );
  });

  it('no end step at all', () => {
    expectProblem(
      broken((d) => {
        d.steps[5] = {
          id: 'closed',
          kind: 'task',
          title: 'Close',
          owner: 'caseworker',
          outcomes: { reopen: 'identification' },
        };
      }),
      'steps',
      'there is no end step, so no case can ever close',
    );
  });

  it('a definition id that is not lower-case', () => {
    expectProblem(
      broken((d) => {
        d.id = 'Resettlement';
      }),
      'id',
      '"Resettlement" must look like resettlement or resettlement.ke',
    );
  });

  it('a language without templates', () => {
    expectProblem(
      broken((d) => {
        d.language = 'sw';
      }),
      'language',
      '"sw" is not one of en, fr, ar, es',
    );
  });
});

describe('every problem at once', () => {
  it('checks the steps even when the top of the definition is broken', () => {
    const problems = problemsOf(
      broken((d) => {
        delete d.start;
        d.program = 'resettelment';
        d.steps[0].owner = 'casewroker';
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'start', message: 'is required' },
        {
          path: 'program',
          message:
            '"resettelment" is not one of resettlement, family-reunification — did you mean "resettlement"?',
        },
        {
          path: 'steps[0].owner',
          message: '"casewroker" is not a role of this definition — did you mean "caseworker"?',
        },
      ]),
    );
  });

  it('reports structural and semantic problems of different steps together', () => {
    const problems = problemsOf(
      broken((d) => {
        d.steps[0].owner = 'casewroker';
        d.steps[1].due.normal = 'thirty days';
        d.steps[2].outcomes.approved = 'decison';
        d.timeZone = 'Mars/Olympus';
      }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining([
        'steps[0].owner',
        'steps[1].due.normal',
        'steps[2].outcomes.approved',
        'timeZone',
      ]),
    );
  });
});

describe('warnings: valid, but probably not meant', () => {
  const warningsOf = (input: unknown) => {
    const result = validateDefinition(input);
    if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    return result.warnings;
  };

  it('none for the mini definition', () => {
    expect(warningsOf(miniDefinition())).toEqual([]);
  });

  it('an escalation on a wait that comes after the wait times out, for the priorities it does', () => {
    expect(
      warningsOf(
        broken((d) => {
          d.steps[3].timeout.after = { emergency: 'P14D', normal: 'P2M' };
          d.steps[3].owner = 'caseworker';
          d.steps[3].reminders = [
            { id: 'escalate', kind: 'escalate', after: 'P30D', to: { role: 'supervisor' } },
          ];
        }),
      ),
    ).toEqual([
      {
        path: 'steps[3].reminders[0]',
        severity: 'warning',
        message:
          '"escalate" can never fire for emergency cases: it comes P30D after entering the wait, but the wait times out after P14D',
      },
    ]);
  });

  it('an at-due reminder on a wait with a timeout', () => {
    expect(
      warningsOf(
        broken((d) => {
          d.steps[3].owner = 'caseworker';
          d.steps[3].reminders = [{ id: 'today', kind: 'at_due' }];
        }),
      ),
    ).toEqual([
      {
        path: 'steps[3].reminders[0]',
        severity: 'warning',
        message: '"today" can never fire: at the timeout the wait takes its outcome "rejected"',
      },
    ]);
  });

  it('an escalation on a wait without a timeout is fine: it counts from entry', () => {
    expect(
      warningsOf(
        broken((d) => {
          delete d.steps[3].timeout;
          d.steps[3].owner = 'caseworker';
          d.steps[3].reminders = [
            { id: 'escalate', kind: 'escalate', after: 'P30D', to: { role: 'supervisor' } },
          ];
        }),
      ),
    ).toEqual([]);
  });
});
