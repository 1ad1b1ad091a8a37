// Reading README.md as its checks need it: fenced code blocks (with the check directive above each), links and the
// anchors its headings get on GitHub and npm.

/** A fenced code block: its language, the README line of its opening fence, its code and its check directive. */
export interface CodeBlock {
  lang: string;
  line: number;
  code: string;
  /** The text of a `<!-- readme-check: ... -->` comment on the line just above the fence, if any. */
  directive: string | undefined;
}

const DIRECTIVE = /^<!--\s*readme-check:\s*(.*?)\s*-->$/;

/** Every fenced code block of `markdown`, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? "");
    if (!open) continue;
    const end = lines.findIndex((text, j) => j > i && text.startsWith("```"));
    if (end < 0) throw new Error(`README line ${i + 1}: a code fence is never closed`);
    const directive = DIRECTIVE.exec(lines[i - 1] ?? "")?.[1];
    blocks.push({ lang: open[1] ?? "", line: i + 1, code: lines.slice(i + 1, end).join("\n"), directive });
    i = end;
  }
  return blocks;
}

/** Every `[text](target)` link outside code, with its README line. */
export function links(markdown: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  let inFence = false;
  markdown.split("\n").forEach((text, index) => {
    if (text.startsWith("```")) inFence = !inFence;
    if (inFence) return;
    const prose = text.replace(/`[^`]*`/g, "");
    for (const match of prose.matchAll(/\]\(([^)\s]+)\)/g)) found.push({ target: match[1] ?? "", line: index + 1 });
  });
  return found;
}

/** The anchors of the headings of `markdown`, as GitHub and npm write them (lower case, punctuation dropped). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const text of markdown.split("\n")) {
    if (text.startsWith("```")) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*)$/.exec(text);
    if (!heading?.[1]) continue;
    anchors.add(
      heading[1]
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .trim()
        .replace(/\s/g, "-"),
    );
  }
  return anchors;
}
