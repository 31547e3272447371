// Starts the real eventx-server binary on a free port for the tests, and stops it.

import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root, from build/test/server.js (or test/server.ts). */
const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export const SERVER_BIN = process.env["EVENTX_SERVER_BIN"] ?? `${REPO_ROOT}target/debug/eventx-server`;

export interface RunningServer {
  /** "127.0.0.1:PORT", as the server logged it. */
  readonly addr: string;
  readonly port: number;
  /** Sends SIGTERM and waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `eventx-server --addr 127.0.0.1:0 … --log-format json` and resolves once it logs
 * `{"fields": {"message": "listening on HOST:PORT", "addr": "HOST:PORT"}}` on stderr.
 */
export async function startServer(extraArgs: readonly string[] = []): Promise<RunningServer> {
  if (!existsSync(SERVER_BIN)) {
    throw new Error(`no server binary at ${SERVER_BIN}: run cargo build -p eventx-server or set EVENTX_SERVER_BIN`);
  }
  const args = ["--addr", "127.0.0.1:0", "--metrics-addr", "off", "--drain-delay", "0s", "--log-format", "json"];
  const child = spawn(SERVER_BIN, [...args, ...extraArgs], { stdio: ["ignore", "ignore", "pipe"] });
  const exited = once(child, "exit");
  const log: string[] = [];
  const addr = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("the server did not log its address within 30 s")), 30_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${error.message}\n${log.join("\n")}`));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(new Error(`the server exited early (${code ?? signal})`));
    child.on("error", fail);
    child.on("exit", onExit);
    createInterface({ input: child.stderr! }).on("line", (line) => {
      if (log.length < 200) log.push(line);
      let entry: { fields?: { message?: unknown; addr?: unknown } };
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      const { message, addr } = entry.fields ?? {};
      if (typeof message === "string" && message.startsWith("listening on ") && typeof addr === "string") {
        clearTimeout(timer);
        child.off("exit", onExit);
        child.off("error", fail);
        resolve(addr);
      }
    });
  });
  return {
    addr,
    port: Number(addr.slice(addr.lastIndexOf(":") + 1)),
    stop: () => stopProcess(child, exited),
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}
