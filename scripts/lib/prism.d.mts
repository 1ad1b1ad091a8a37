import type { ChildProcess } from "node:child_process";
export function freePort(): Promise<number>;
export function canConnect(port: number): Promise<boolean>;
export function startPrism(options?: {
  port?: number;
  spec?: string;
  errors?: boolean;
  dynamic?: boolean;
  stdio?: "ignore" | "inherit" | "pipe";
  mode?: "mock" | "proxy";
  upstream?: string;
}): Promise<{ url: string; port: number; child: ChildProcess; stop: () => Promise<void> }>;
