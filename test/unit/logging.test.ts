// The logger's last guards and the Temporal logger adapter: addresses are masked, the SDK's
// metadata is cut down to ids, and each line names its case.
import { logFormat, maskEmails } from '../../lib/logger';
import { caseIdOf, PinoTemporalLogger, temporalFields } from '../../workers/runtime';
import { captureLogs } from '../support/logs';

describe('logger', () => {
  it('masks email addresses anywhere in a line, message or fields', () => {
    const logs = captureLogs();
    logs.logger.warn(
      { reason: '550 5.1.1 <amina.odhiambo@example.org>: no such user', nested: { to: ['x.y@ngo.test'] } },
      'refused for b@c.io',
    );
    expect(logs.text()).not.toMatch(/amina|x\.y@|b@c/);
    expect(logs.lines()[0]).toMatchObject({
      level: 'warn',
      msg: 'refused for [email]',
      reason: '550 5.1.1 <[email]>: no such user',
      nested: { to: ['[email]'] },
    });
    expect(maskEmails('no address here: C-12AB')).toBe('no address here: C-12AB');
  });

  it('writes readable lines in development and JSON elsewhere, unless LOG_FORMAT says', () => {
    expect(logFormat({ NODE_ENV: 'development' })).toBe('pretty');
    expect(logFormat({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormat({ NODE_ENV: 'development', LOG_FORMAT: 'json' })).toBe('json');
  });

  it('honours the level', () => {
    const logs = captureLogs('warn');
    logs.logger.info('quiet');
    logs.logger.error('loud');
    expect(logs.lines().map((l) => l.msg)).toEqual(['loud']);
  });
});

describe('Temporal logger in pino', () => {
  it('names the case of case and partner-feed workflows', () => {
    expect(caseIdOf('case-C-7Q2M9KX4')).toBe('C-7Q2M9KX4');
    expect(caseIdOf('partner-feed:irap-nairobi:C-7Q2M9KX4')).toBe('C-7Q2M9KX4');
    expect(caseIdOf('something-else')).toBeUndefined();
  });

  it('keeps ids, types and the attempt; drops everything else the SDK attaches', () => {
    const fields = temporalFields({
      workflowId: 'case-C-7Q2M9KX4',
      workflowRunId: 'run-1',
      activityType: 'deliverNotification',
      attempt: 3,
      taskQueue: 'q',
      taskToken: 'secret-token',
      args: [{ givenName: 'Halima' }],
      error: new Error('550 refused\nquoted: Halima Yusuf'),
    });
    expect(fields).toEqual({
      workflowId: 'case-C-7Q2M9KX4',
      runId: 'run-1',
      caseId: 'C-7Q2M9KX4',
      activityType: 'deliverNotification',
      attempt: 3,
      taskQueue: 'q',
      error: { type: 'Error', message: '550 refused' },
    });
  });

  it('writes at the SDK level into pino, marked as Temporal', () => {
    const logs = captureLogs('info');
    const temporal = new PinoTemporalLogger(logs.logger);
    temporal.debug('hidden at info', {});
    temporal.warn('Activity failed', { workflowId: 'case-C-1', runId: 'r', attempt: 2 });
    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'Activity failed',
        temporal: true,
        caseId: 'C-1',
        runId: 'r',
        attempt: 2,
      }),
    ]);
  });
});
