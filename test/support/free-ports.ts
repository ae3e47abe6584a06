/**
 * Ports nothing listens on right now, for tests that start servers of their own. All `count`
 * listeners stay open until every port is picked: asking for one port at a time lets the kernel
 * hand out the same port twice (a broker and its controller on one port fail Kafka's config check).
 */
import { createServer, type Server } from "node:net";

export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
      });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
