// The ports tests give the processes they launch: outside the kernel's ephemeral range, so no
// outgoing connection can take one before the process binds it (operating.test.ts failed with
// EADDRINUSE on a port from listen(0)), and never handed out twice.
import { createServer } from 'node:net';
import { ephemeralPortRange, freePort, portIsFree } from '../support/processes';

describe('freePort', () => {
  it('hands out distinct, bindable ports below the ephemeral range', async () => {
    const [low] = ephemeralPortRange();
    const ports: number[] = [];
    for (let i = 0; i < 40; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeLessThan(low);
      expect(port + 1000).toBeLessThan(low);
    }
    expect(await portIsFree(ports[0]!)).toBe(true);
  });

  it('sees a port something listens on as taken (freePort skips those)', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const taken = typeof address === 'object' && address ? address.port : 0;
    try {
      expect(await portIsFree(taken)).toBe(false);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
