// The family group workflow: one per family group, as long-lived as the family. Member cases
// report to it (signals); the API removes, merges and releases through updates. It coordinates
// the barriers of joint steps durably: a release is a signal to each waiting member case.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { ZodType, ZodTypeDef } from 'zod';
import { parsed, rejection } from './rejections';
import { z } from 'zod';
import {
  absorbFamilySignal,
  familyLeftSignal,
  familyDecisionSignal,
  familyHeldUpSignal,
  familyMovedSignal,
  familyReleaseSignal,
  familyStateQuery,
  familyWorkflowId,
  MemberReport,
  memberReportSignal,
  mergeIntoUpdate,
  MergeIntoInput,
  releaseBarrierUpdate,
  ReleaseBarrierInput,
  removeMemberUpdate,
  RemoveMemberInput,
  reportMemberUpdate,
  type FamilyMember,
  type FamilyView,
  type StartFamilyInput,
} from '../contract/family';
import type { RuleViolation } from '../contract/rules';
import { ExternalEventInput, externalEventSignal } from '../contract/messages';
import {
  absorb,
  applyReport,
  familyView,
  heldUpNotices,
  mergeInto,
  newFamily,
  releaseBarrier,
  removeMember,
  shareDecision,
  validateMerge,
  validateRelease,
  validateRemove,
  type FamilyCommand,
  type FamilyState,
  type FamilyTransition,
} from './family/group';

/** What one run of a group hands to the next. */
export interface CarriedFamily {
  state: FamilyState;
  commands: FamilyCommand[];
}

/** A group continues as new after this many history events (or when Temporal suggests it). */
export const FAMILY_CONTINUE_AS_NEW_AFTER = 2000;

const AbsorbInput = z.object({ from: z.string(), members: z.array(z.unknown()).max(500) }).strict();

/** Sends one command; a member or group that no longer runs cannot be held up by it. */
async function send(groupId: string, command: FamilyCommand): Promise<void> {
  try {
    switch (command.kind) {
      case 'release':
        return await getExternalWorkflowHandle(command.workflowId).signal(
          familyReleaseSignal,
          command.release,
        );
      case 'left':
        return await getExternalWorkflowHandle(command.workflowId).signal(familyLeftSignal, {
          groupId: command.groupId,
          epoch: command.epoch,
        });
      case 'moved':
        return await getExternalWorkflowHandle(command.workflowId).signal(familyMovedSignal, {
          from: command.from,
          to: command.to,
        });
      case 'absorb':
        return await getExternalWorkflowHandle(familyWorkflowId(command.target)).signal(absorbFamilySignal, {
          from: groupId,
          members: command.members,
        });
      case 'held_up':
        return await getExternalWorkflowHandle(command.workflowId).signal(familyHeldUpSignal, command.notice);
      case 'deliver':
        return await getExternalWorkflowHandle(command.workflowId).signal(externalEventSignal, command.event);
      case 'forward_decision':
        return await getExternalWorkflowHandle(familyWorkflowId(command.target)).signal(
          familyDecisionSignal,
          command.decision,
        );
      case 'forward':
        return await getExternalWorkflowHandle(familyWorkflowId(command.target)).signal(
          memberReportSignal,
          command.report,
        );
    }
  } catch (err) {
    // A closed case (or a group that is gone): nothing to tell it. No personal data in the log.
    log.warn('Family message not delivered', { groupId, command: command.kind, error: (err as Error).name });
  }
}

/** Holds a family group's membership and releases its joint-step barriers. */
export async function familyWorkflow(input: StartFamilyInput, carried?: CarriedFamily): Promise<FamilyView> {
  let state = carried?.state ?? newFamily(input, Date.now());
  const commands: FamilyCommand[] = [...(carried?.commands ?? [])];
  const limit = input.continueAsNewAfter ?? FAMILY_CONTINUE_AS_NEW_AFTER;
  let changes = 0;

  const apply = (result: FamilyTransition | RuleViolation): FamilyView => {
    if ('rule' in result) throw rejection(result);
    state = result.state;
    changes += 1;
    commands.push(...result.commands);
    return familyView(state);
  };
  const update = <I>(
    schema: ZodType<I, ZodTypeDef, unknown>,
    validate: (s: FamilyState, i: I) => RuleViolation | null,
    transition: (s: FamilyState, i: I, now: number) => FamilyTransition | RuleViolation,
  ) => ({
    handler: (raw: unknown) => apply(transition(state, parsed(schema, raw), Date.now())),
    validator: (raw: unknown) => {
      const broken = validate(state, parsed(schema, raw));
      if (broken) throw rejection(broken);
    },
  });

  setHandler(memberReportSignal, (raw) => {
    const report = MemberReport.safeParse(raw);
    if (report.success) apply(applyReport(state, report.data, Date.now()));
    else log.warn('Malformed member report ignored', { groupId: input.groupId });
  });
  const report = update(MemberReport, () => null, applyReport);
  setHandler(reportMemberUpdate, report.handler, { validator: report.validator });
  const remove = update(RemoveMemberInput, validateRemove, removeMember);
  setHandler(removeMemberUpdate, remove.handler, { validator: remove.validator });
  const release = update(ReleaseBarrierInput, validateRelease, releaseBarrier);
  setHandler(releaseBarrierUpdate, release.handler, { validator: release.validator });
  const merge = update(MergeIntoInput, validateMerge, (s, i) => mergeInto(s, i));
  setHandler(mergeIntoUpdate, merge.handler, { validator: merge.validator });
  setHandler(absorbFamilySignal, (raw) => {
    const absorbed = AbsorbInput.safeParse(raw);
    if (!absorbed.success) return;
    const members = absorbed.data.members.flatMap((m) => {
      const member = MemberReport.extend({ joinedAt: z.string().max(40) }).safeParse(m);
      return member.success ? [member.data as FamilyMember] : [];
    });
    apply(absorb(state, members, Date.now()));
  });
  setHandler(familyDecisionSignal, (raw) => {
    const from = z
      .string()
      .max(100)
      .safeParse((raw as { from?: unknown } | undefined)?.from);
    const event = ExternalEventInput.safeParse((raw as { event?: unknown } | undefined)?.event);
    if (from.success && event.success) apply(shareDecision(state, { from: from.data, event: event.data }));
    else log.warn('Malformed family decision ignored', { groupId: input.groupId });
  });
  setHandler(familyStateQuery, () => familyView(state));

  for (;;) {
    // One after another: a group's messages reach each member in the order the group decided them.
    while (commands.length > 0) for (const command of commands.splice(0)) await send(state.groupId, command);
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= limit) {
      await condition(allHandlersFinished);
      if (commands.length === 0) return continueAsNew<typeof familyWorkflow>(input, { state, commands: [] });
      continue;
    }
    // A member waited on that is overdue holds the family up: the waiting members are told once.
    const notices = heldUpNotices(state, Date.now());
    if (notices.commands.length > 0) {
      apply(notices);
      continue;
    }
    const seen = changes;
    const woken = () => commands.length > 0 || changes !== seen;
    if (notices.nextAt === null) await condition(woken);
    else await condition(woken, Math.max(notices.nextAt - Date.now(), 1));
  }
}
