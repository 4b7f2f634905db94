import { describe, expect, it } from "vitest";
import { simpleCommands } from "./shell.js";

describe("simpleCommands", () => {
  it.each([
    ["rm -rf /", [["rm", "-rf", "/"]]],
    ["  rm\t-r  /  ", [["rm", "-r", "/"]]],
    ["ls;rm -r x", [["ls"], ["rm", "-r", "x"]]],
    ["a && b || c | d & e\nf", [["a"], ["b"], ["c"], ["d"], ["e"], ["f"]]],
    ["'r'\"m\" -\\rf /", [["rm", "-rf", "/"]]],
    ["rm '' x", [["rm", "", "x"]]],
    ["r\\\nm -r", [["rm", "-r"]]],
    ['echo "a\\"b\\$c\\d"', [["echo", 'a"b$c\\d']]],
    ["echo $'it\\'s'", [["echo", "it\\'s"]]],
    ["find . -exec rm {} \\;", [["find", ".", "-exec", "rm", "{}", ";"]]],
  ])("splits %j", (line, expected) => {
    expect(simpleCommands(line)).toEqual(expected);
  });

  it("reads commands inside $( ), backticks and subshells", () => {
    expect(simpleCommands("echo $(rm -r /) `id` (cd /; ls)")).toEqual([
      ["echo", "$"],
      ["rm", "-r", "/"],
      ["id"],
      ["cd", "/"],
      ["ls"],
    ]);
  });

  it("reads quoted text with blanks again as a command line", () => {
    expect(simpleCommands(`sh -c 'cd / && rm -r x'`)).toEqual([
      ["cd", "/"],
      ["rm", "-r", "x"],
      ["sh", "-c", "cd / && rm -r x"],
    ]);
    expect(simpleCommands(`echo "$(rm -rf /)"`)).toContainEqual(["rm", "-rf", "/"]);
  });

  it("reads sh -c inside sh -c", () => {
    expect(simpleCommands(`sudo sh -c "bash -c 'rm -r /srv'"`)).toContainEqual([
      "rm",
      "-r",
      "/srv",
    ]);
  });

  it("keeps an unterminated quote as the rest of the word", () => {
    expect(simpleCommands("rm 'x -r")).toEqual([
      ["x", "-r"],
      ["rm", "x -r"],
    ]);
  });
});
