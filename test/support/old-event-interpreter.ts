// Workflow interceptor for test/workflow/stuck-recovery.test.ts: reproduces what the case
// interpreter before issue 10's fix did with a partner event whose outcome is "constructor"
// (it passed an `in` check, and following Object's constructor as a step threw a plain Error),
// so that the case gets stuck exactly as live cases did. Never used outside that test.
import type {
  SignalInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
} from '@temporalio/workflow';
import { externalEventSignal } from '../../contract/messages';

class OldEventInterpreter implements WorkflowInboundCallsInterceptor {
  async handleSignal(input: SignalInput, next: (input: SignalInput) => Promise<void>): Promise<void> {
    const event = input.args[0] as { outcome?: unknown } | undefined;
    if (input.signalName === externalEventSignal.name && event?.outcome === 'constructor') {
      throw new Error('Definition mini.ke has no step "function Object() { [native code] }"');
    }
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({ inbound: [new OldEventInterpreter()] });
