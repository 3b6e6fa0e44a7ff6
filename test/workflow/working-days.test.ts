// Working days on the time-skipping server: two cases entering the same step at the same
// instant, one in Jordan (Friday and Saturday off) and one in Kenya (Saturday and Sunday off),
// get their reminder, due date and escalation on their own country's working days.
import type { WorkflowHandle } from '@temporalio/client';
import { caseWorkflowV2 } from '../../workflows/case.workflow';
import { caseWorkflowId } from '../../contract/keys';
import { caseStateQuery } from '../../contract/messages';
import { DAY, miniCase } from '../support/case-fixtures';
import { caseWorkerSuite, recordingActivities, settled, timeline } from '../support/case-worker';
import { workingDaysDefinition } from '../support/working-days-fixtures';

jest.setTimeout(120_000);

const recorder = recordingActivities();
const suite = caseWorkerSuite('working-days', () => recorder.activities);
const HOUR = 3_600_000;
const minutes = (ms: number) => Math.round(ms / 60_000);

/** The first Thursday at 10:00 in Amman and Nairobi (07:00Z, both UTC+3) at least a day after `now`. */
function nextThursdayMorning(now: number): number {
  let day = Math.floor(now / DAY) + 1;
  while (new Date(day * DAY).getUTCDay() !== 4) day += 1;
  return day * DAY + 7 * HOUR;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

it('puts the reminder, due date and escalation on each country’s working days', async () => {
  const now = await suite.env.currentTimeMs();
  const thursday = nextThursdayMorning(now);
  await suite.env.sleep(thursday - now);
  // Jordan: the Thursday itself is a holiday; Kenya: the Friday after it is.
  const jordan = workingDaysDefinition('JO', {
    weekend: ['friday', 'saturday'],
    holidays: [{ date: isoDate(thursday), name: 'Holiday' }],
  });
  const kenya = workingDaysDefinition('KE', {
    weekend: ['saturday', 'sunday'],
    holidays: [{ date: isoDate(thursday + DAY), name: 'Holiday' }],
  });
  const handles: WorkflowHandle[] = [];
  for (const [caseId, definition] of [
    ['wd-jo', jordan],
    ['wd-ke', kenya],
  ] as const) {
    handles.push(
      await suite.env.client.workflow.start(caseWorkflowV2, {
        taskQueue: 'working-days',
        workflowId: caseWorkflowId(caseId),
        args: [miniCase(caseId, { definition })],
      }),
    );
  }
  for (const handle of handles) await settled(handle);
  const [joHandle, keHandle] = handles as [WorkflowHandle, WorkflowHandle];
  const enteredAt = Date.parse((await keHandle.query(caseStateQuery)).history[0]?.enteredAt ?? '');
  expect(minutes(enteredAt - thursday)).toBe(0);

  // Jordan counts from Sunday 00:00 (Thursday off, then the weekend): Sunday, Monday, Tuesday,
  // so due Wednesday 00:00 (Tuesday 21:00Z); reminded Tuesday 00:00; escalated two working
  // days later, Thursday and Sunday: Sunday 00:00.
  expect((await joHandle.query(caseStateQuery)).dueAt).toBe(
    new Date(thursday + 5 * DAY + 14 * HOUR).toISOString(),
  );
  // Kenya: Friday off, then the weekend: Monday, Tuesday, Wednesday 10:00; reminded Tuesday
  // 10:00; escalated Thursday and Friday: Friday 10:00.
  expect(minutes(Date.parse((await keHandle.query(caseStateQuery)).dueAt ?? '') - thursday)).toBe(
    minutes(6 * DAY),
  );

  await suite.env.sleep(12 * DAY);
  for (const handle of handles) await settled(handle);
  expect(timeline(recorder.calls, thursday, 'wd-jo')).toEqual([
    [0, 'task_assigned', 'wd-jo:v1:enter:notify0:1'],
    [minutes(4 * DAY + 14 * HOUR), 'reminder_before_due', 'wd-jo:v1:before_due:soon:1'],
    [minutes(5 * DAY + 14 * HOUR), 'due_today', 'wd-jo:v1:at_due:today:1'],
    [minutes(9 * DAY + 14 * HOUR), 'escalation', 'wd-jo:v1:escalate:supervisor:1'],
  ]);
  expect(timeline(recorder.calls, thursday, 'wd-ke')).toEqual([
    [0, 'task_assigned', 'wd-ke:v1:enter:notify0:1'],
    [minutes(5 * DAY), 'reminder_before_due', 'wd-ke:v1:before_due:soon:1'],
    [minutes(6 * DAY), 'due_today', 'wd-ke:v1:at_due:today:1'],
    [minutes(8 * DAY), 'escalation', 'wd-ke:v1:escalate:supervisor:1'],
  ]);
});
