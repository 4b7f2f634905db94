/** Characters that end a simple command when unquoted: sh runs what follows as another one. */
const SEPARATORS = new Set([";", "&", "|", "\n", "(", ")", "`"]);
const BLANKS = new Set([" ", "\t"]);
/** How deep quoted text is read again as a command (`sh -c "…"`, `eval '…'`, `"$(…)"`). */
const MAX_DEPTH = 3;

/**
 * Splits a shell command line into its simple commands, each a list of words after quote
 * removal (`'r'"m" -\rf` is `rm -rf`), as sh would see them before expansion. A quoted word
 * that itself holds blanks or separators is read again as a command line, so the commands in
 * `sh -c 'rm -rf /'` or `echo "$(rm -rf /)"` are found too. This is a conservative reading for
 * deny rules, not an interpreter: expansions (`$x`, globs) are left as written.
 *
 * @example
 * simpleCommands("cd /tmp && rm '-rf' x") // [["cd", "/tmp"], ["rm", "-rf", "x"]]
 */
export function simpleCommands(line: string, depth = 0): string[][] {
  const commands: string[][] = [];
  let command: string[] = [];
  let word: string | null = null;
  const endWord = () => {
    if (word === null) return;
    command.push(word);
    if (depth < MAX_DEPTH && /[\s;&|()`]/.test(word)) {
      for (const inner of simpleCommands(word, depth + 1)) commands.push(inner);
    }
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (command.length > 0) commands.push(command);
    command = [];
  };
  let k = 0;
  while (k < line.length) {
    const char = line.charAt(k);
    if (BLANKS.has(char)) {
      endWord();
      k++;
    } else if (SEPARATORS.has(char)) {
      endCommand();
      k++;
    } else if (char === "\\") {
      // A backslash-newline joins lines; any other escaped character is itself.
      if (line.charAt(k + 1) !== "\n") word = (word ?? "") + line.charAt(k + 1);
      k += 2;
    } else if (char === "'" || (char === "$" && line.charAt(k + 1) === "'")) {
      const open = char === "'" ? k : k + 1;
      const close = closing(line, open, char === "$");
      word = (word ?? "") + line.slice(open + 1, close);
      k = close + 1;
    } else if (char === '"') {
      const [text, close] = doubleQuoted(line, k);
      word = (word ?? "") + text;
      k = close + 1;
    } else {
      word = (word ?? "") + char;
      k++;
    }
  }
  endCommand();
  return commands;
}

/** The index of the quote closing the one at `open` (or the end of the line). */
function closing(line: string, open: number, escapes: boolean): number {
  let k = open + 1;
  while (k < line.length && line.charAt(k) !== "'") k += escapes && line.charAt(k) === "\\" ? 2 : 1;
  return Math.min(k, line.length);
}

/** Inside double quotes a backslash escapes only `$`, a backtick, `"`, `\` and a newline. */
function doubleQuoted(line: string, open: number): [string, number] {
  let text = "";
  let k = open + 1;
  while (k < line.length && line.charAt(k) !== '"') {
    const next = line.charAt(k + 1);
    if (line.charAt(k) === "\\" && '$`"\\\n'.includes(next) && next !== "") {
      if (next !== "\n") text += next;
      k += 2;
    } else {
      text += line.charAt(k);
      k++;
    }
  }
  return [text, k];
}
