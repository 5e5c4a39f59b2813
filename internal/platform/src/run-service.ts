/**
 * Runs a service process: starts it, logs where it listens, stops it cleanly on SIGINT/SIGTERM,
 * and exits non-zero when it cannot start.
 */
export async function runService(name: string, start: () => Promise<{ url: string; stop: () => Promise<void> }>): Promise<void> {
  let running: { url: string; stop: () => Promise<void> };
  try {
    running = await start();
  } catch (error) {
    console.error(`[${name}] failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log(`[${name}] listening on ${running.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[${name}] ${signal}: stopping`);
    try {
      await running.stop();
      process.exit(0);
    } catch (error) {
      console.error(`[${name}] stop failed: ${String(error)}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
