/**
 * The child side of the benchmark's IPC: answers { id, cmd, args } with { id, ok, result }.
 * `exit` runs the cleanup and exits 0 (so a --cpu-prof profile is written). A child whose
 * parent went away exits too: the benchmark never leaves a process behind.
 */
export type Handlers = Record<string, (args: any) => unknown>;

export function serveRpc(handlers: Handlers, cleanup: () => Promise<void>) {
  let exiting = false;
  const exit = async () => {
    if (exiting) return;
    exiting = true;
    const force = setTimeout(() => process.exit(1), 15000);
    force.unref();
    try {
      await cleanup();
    } catch {
      /* exiting anyway */
    }
    process.exit(0);
  };
  // SIGTERM/SIGINT: Strapi's own handlers destroy the app (the load client simply dies).
  process.on('disconnect', () => void exit());
  process.on('message', async (m: any) => {
    if (!m || typeof m.cmd !== 'string') return;
    if (m.cmd === 'exit') return void exit();
    const handler = handlers[m.cmd];
    try {
      if (!handler) throw new Error(`unknown command ${m.cmd}`);
      const result = await handler(m.args);
      process.send!({ id: m.id, ok: true, result });
    } catch (e: any) {
      process.send!({ id: m.id, ok: false, error: e?.stack || String(e) });
    }
  });
}
