// Shared pieces of the fault drills: a private stack with the drill definition, many cases
// started at once, waiting without timed assertions, mail accounting, and the summary rows.
import { appendFileSync } from 'node:fs';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { caseWorkflowId } from '../../contract/keys';
import { createCaseRow, startCaseWorkflow } from '../../api/cases/start-case';
import type { Principal } from '../../api/access/roles';
import type { StartCaseBody } from '../../api/schemas/cases';
import { DRILL_DEFINITIONS, publishFolder, startBody } from '../../bench/cases';
import { pause, pool } from '../../bench/bundle';
import { apiOk } from '../../bench/http';
import { startStack, type Stack, type StackOptions } from '../../bench/stack';
import type { MailboxMessage } from '../../lib/mailbox/server';

/** Emails each drill case owes before its intake step is completed: assigned, 5 s before due, at due. */
export const EMAILS_PER_CASE = 3;

const drillAdmin: Principal = {
  keyId: 'drill',
  principal: 'drill@pathways.test',
  role: 'admin',
  countries: [],
  partnerId: null,
};

/** A private stack with the drill definition published. */
export async function drillStack(name: string, options: Omit<StackOptions, 'name'> = {}): Promise<Stack> {
  const stack = await startStack({ name, ...options });
  try {
    await publishFolder(DRILL_DEFINITIONS);
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}

/** The assignee of drill case i: one inbox per case, so mail can be counted per case. */
export const assigneeOf = (drill: string, i: number) => `case${i}.${drill}@drill.test`;

/** Starts `count` drill cases through the API's start path; returns their ids in order. */
export async function startDrillCases(
  stack: Stack,
  drill: string,
  count: number,
  extra: Partial<StartCaseBody> = {},
): Promise<string[]> {
  const ids: string[] = new Array<string>(count);
  await pool(count, 20, async (i) => {
    const body = {
      ...startBody('drill.xd'),
      partners: [],
      ...extra,
      assignee: assigneeOf(drill, i),
    } as StartCaseBody;
    const { row, input } = (await createCaseRow(stack.db, stack.keys, drillAdmin, body, undefined))!;
    await startCaseWorkflow(stack.db, stack.client, stack.taskQueue, row, drillAdmin.principal, { input });
    ids[i] = row.id;
  });
  return ids;
}

/** Polls `check` until it returns true or `limitMs` passes; returns whether it became true. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  limitMs: number,
  everyMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return true;
    if (Date.now() > deadline) return false;
    await pause(everyMs);
  }
}

/** The cases whose workflow description does not pass `done` within `limitMs` (polled every `everyMs`). */
async function notYet(
  stack: Stack,
  ids: string[],
  done: (description: WorkflowExecutionDescription) => boolean,
  limitMs: number,
  everyMs: number,
): Promise<string[]> {
  const waiting = new Set(ids);
  await eventually(
    async () => {
      const pending = [...waiting];
      await pool(pending.length, 20, async (i) => {
        const id = pending[i]!;
        if (done(await stack.client.workflow.getHandle(caseWorkflowId(id)).describe())) waiting.delete(id);
      });
      return waiting.size === 0;
    },
    limitMs,
    everyMs,
  );
  return [...waiting];
}

/**
 * Waits until a worker has completed the first workflow task of every case (its history holds
 * more than that task's start, and no task is pending): the start records the first step itself,
 * so the projection does not tell whether a worker has the cases yet. A task merely started is
 * not enough: a worker cut off from PostgreSQL meanwhile cannot read the case's key to finish it.
 */
export async function runByWorker(stack: Stack, ids: string[], limitMs: number): Promise<void> {
  const waiting = await notYet(
    stack,
    ids,
    (d) => d.historyLength > 3 && !d.raw.pendingWorkflowTask,
    limitMs,
    500,
  );
  if (waiting.length > 0) throw new Error(`${waiting.length} cases not run by a worker in ${limitMs} ms`);
}

/** Waits for every case workflow to complete (up to `limitMs`); returns the ids that did not. */
export async function unfinished(stack: Stack, ids: string[], limitMs: number): Promise<string[]> {
  return notYet(stack, ids, (d) => d.status.name === 'COMPLETED', limitMs, 1000);
}

/**
 * Per-case mail accounting. Message-IDs derive from business keys, so `lost` and `duplicated`
 * count distinct messages missing or extra (an extra one means a reminder owed once was sent
 * under two keys); `resent` counts second copies of one Message-ID (a send whose SMTP
 * acceptance was not recorded before a crash), which a mail client shows once.
 */
export function mailAccount(
  messages: MailboxMessage[],
  drill: string,
  count: number,
  perCase = EMAILS_PER_CASE,
) {
  let lost = 0;
  let duplicated = 0;
  let resent = 0;
  for (let i = 0; i < count; i += 1) {
    const inbox = messages.filter((m) => m.envelopeTo.includes(assigneeOf(drill, i)));
    const distinct = new Set(inbox.map((m) => m.messageId ?? m.id)).size;
    resent += inbox.length - distinct;
    lost += Math.max(0, perCase - distinct);
    duplicated += Math.max(0, distinct - perCase);
  }
  return { lost, duplicated, resent };
}

/** Completes the intake step of every case through the API code path (the workflow update). */
export async function completeIntake(stack: Stack, ids: string[]): Promise<void> {
  await pool(ids.length, 10, async (i) => {
    await apiOk(stack, 'POST', `/v1/cases/${ids[i]}/complete-step`, { step: 'intake', outcome: 'done' });
  });
}

export interface DrillRow {
  drill: string;
  cases: number;
  lost: number;
  duplicated: number;
  /** Second copies with the same Message-ID (see mailAccount); absent where not counted. */
  resent?: number;
  seconds: number;
}

/** Records a drill's result for the summary table printed after the run. */
export function recordDrill(row: DrillRow): void {
  const file = process.env.PATHWAYS_DRILL_SUMMARY;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/**
 * The end of a drill that counts emails: waits up to `mailWaitMs` for every case's emails,
 * completes the intake, waits for every case to finish, and records the account for the summary
 * (`lostElsewhere` adds cases lost before the mail, e.g. never listed). Returns what to assert.
 */
export async function finishMailDrill(
  stack: Stack,
  run: {
    drill: string;
    prefix: string;
    ids: string[];
    started: number;
    mailWaitMs: number;
    lostElsewhere?: number;
  },
) {
  const cases = run.ids.length;
  await eventually(() => stack.mailbox!.messages().length >= cases * EMAILS_PER_CASE, run.mailWaitMs, 1000);
  await completeIntake(stack, run.ids);
  const open = await unfinished(stack, run.ids, 120_000);
  // A finished case's last emails may still be owed: the relay sends them after the workflow ends.
  await eventually(
    async () =>
      (await stack.db.owedMessage.count({ where: { caseId: { in: run.ids }, doneAt: null } })) === 0,
    120_000,
    1000,
  );
  const mail = mailAccount(stack.mailbox!.messages(), run.prefix, cases);
  recordDrill({
    drill: run.drill,
    cases,
    lost: (run.lostElsewhere ?? 0) + open.length + mail.lost,
    duplicated: mail.duplicated,
    resent: mail.resent,
    seconds: Math.round((Date.now() - run.started) / 1000),
  });
  return { open, mail };
}
