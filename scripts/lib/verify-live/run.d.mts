import type { Classification } from "./classify.mjs";
export function verifyLive(options: {
  specPath: string;
  upstream: string;
  apiKey: string;
  externalUserId?: string | undefined;
  params?: Record<string, string>;
  onProgress?: (result: Classification) => void;
}): Promise<Classification[]>;
