import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { POLICIES_DIR } from "../scripts/shipped.js";
import { decide, loadPolicyFile, type Policy, type ToolCall } from "../src/index.js";

/**
 * Generated spellings of what the shipped policies must never allow: internal hosts written as
 * URL parsers read them, destructive commands with their options anywhere, allowed calls with
 * fields riding along. Each group also checks that its generator produces the spelling it
 * claims (or that the plain, allowed form is allowed), so a generator that drifted into
 * nonsense fails instead of passing vacuously.
 */
const policies = new Map<string, Policy>();
async function policy(name: string): Promise<Policy> {
  let loaded = policies.get(name);
  if (loaded === undefined) {
    const result = await loadPolicyFile(`${POLICIES_DIR}${name}`);
    if (!result.ok) throw new Error(`${name} does not load:\n${result.errors.join("\n")}`);
    loaded = result.policy;
    policies.set(name, loaded);
  }
  return loaded;
}

const decisionOf = (p: Policy, action: Partial<ToolCall> & Pick<ToolCall, "tool" | "operation">) =>
  decide({ agent_id: "marketing-bot", params: {}, ...action }, { policy: p, runtimeVersion: "t" });

const RUNS = { numRuns: 300 };

// URLs --------------------------------------------------------------------------------------------

const byte = fc.integer({ min: 0, max: 255 });
/** Internal IPv4 addresses: loopback, private, link-local (metadata), CGNAT, unspecified. */
const internalIpv4 = fc.oneof(
  fc.tuple(fc.constant(127), byte, byte, byte),
  fc.tuple(fc.constant(10), byte, byte, byte),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), byte, byte),
  fc.tuple(fc.constant(192), fc.constant(168), byte, byte),
  fc.constant([169, 254, 169, 254] as const),
  fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), byte, byte),
  fc.constant([0, 0, 0, 0] as const),
);

/** A number as a URL parser accepts it: decimal, octal with a leading 0, or hex in either case. */
const numberSpelling = (value: number) =>
  fc.constantFrom("dec", "oct", "hex", "HEX").map((radix) => {
    if (radix === "dec") return String(value);
    if (radix === "oct") return `0${value.toString(8)}`;
    return radix === "hex" ? `0x${value.toString(16)}` : `0X${value.toString(16).toUpperCase()}`;
  });

/** Four, three, two or one parts, each part in its own radix: all read as the same address. */
const ipv4Spelling = (octets: readonly number[]) => {
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  const forms = [
    [a, b, c, d],
    [a, b, c * 256 + d],
    [a, b * 65536 + c * 256 + d],
    [((a * 256 + b) * 256 + c) * 256 + d],
  ];
  return fc
    .constantFrom(...forms)
    .chain((parts) => fc.tuple(...parts.map(numberSpelling)))
    .map((parts) => parts.join("."));
};

const hex4 = (n: number) => n.toString(16);
const ipv6Spelling = fc.oneof(
  fc.constantFrom("[::1]", "[0:0:0:0:0:0:0:1]", "[0::1]", "[::]", "[fe80::1]", "[fd12:3456::9]"),
  internalIpv4.chain(([a, b, c, d]) =>
    fc.constantFrom(
      `[::ffff:${a}.${b}.${c}.${d}]`,
      `[::FFFF:${hex4(a * 256 + b)}:${hex4(c * 256 + d)}]`,
      `[0:0:0:0:0:ffff:${a}.${b}.${c}.${d}]`,
    ),
  ),
);

const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
/** Names that only resolve inside a network. */
const internalName = fc.oneof(
  label,
  fc.constantFrom("localhost", "LOCALHOST", "instance-data", "metadata"),
  fc.tuple(label, label).map(([a, b]) => `${a}.${b}.localhost`),
  fc
    .tuple(
      label,
      fc.constantFrom(
        "local",
        "internal",
        "lan",
        "home.arpa",
        "corp",
        "intranet",
        "consul",
        "svc.cluster.local",
        "cluster.local",
        "localdomain",
        "test",
        "invalid",
        "home",
      ),
    )
    .map(([name, suffix]) => `${name}.${suffix}`),
  // <svc>.<namespace>: namespaces with a digit or a hyphen, and the ones every cluster has
  fc
    .tuple(
      label,
      fc.oneof(
        fc.stringMatching(/^[a-z]{1,6}-?[0-9]{1,3}$/),
        fc.constantFrom("default", "kube-system", "kube-public", "ingress-nginx", "monitoring"),
      ),
    )
    .map(([svc, ns]) => `${svc}.${ns}`),
);

/** Percent-encodes some characters of a host; the WHATWG parser decodes them back. */
const percentSome = (host: string) =>
  fc
    .array(fc.boolean(), { minLength: host.length, maxLength: host.length })
    .map((picks) =>
      [...host]
        .map((char, k) =>
          picks[k] && /[0-9a-z.]/i.test(char) ? `%${char.charCodeAt(0).toString(16)}` : char,
        )
        .join(""),
    );
const fullwidth = (host: string) =>
  host.replace(/[0-9a-z]/gi, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

const hostSpelling = fc
  .oneof(internalIpv4.chain(ipv4Spelling), ipv6Spelling, internalName)
  .chain((host) =>
    host.startsWith("[")
      ? fc.constant(host)
      : fc.oneof(
          fc.constant(host),
          fc.constant(`${host}.`),
          fc.constant(host.toUpperCase()),
          percentSome(host),
          fc.constant(fullwidth(host)),
          fc.constant(host.replaceAll(".", "。")),
        ),
  );

const internalUrl = fc
  .record({
    scheme: fc.constantFrom("http", "https", "HTTP", "hTtPs"),
    userinfo: fc.constantFrom("", "", "api.github.com@", "user:pass@", "a@b@"),
    host: hostSpelling,
    port: fc.constantFrom("", "", ":80", ":443", ":8080"),
    path: fc.constantFrom("/", "/latest/meta-data/", "/admin?x=1", "", "#frag"),
  })
  .map(({ scheme, userinfo, host, port, path }) => `${scheme}://${userinfo}${host}${port}${path}`);

const PUBLIC_HTTP = [
  "default.yaml",
  "examples/allow-http.yaml",
  "examples/deny-unknown-tools.yaml",
];

describe("URL spellings of internal hosts", () => {
  it("spell the address they claim (as the WHATWG parser reads them)", () => {
    const spelled = internalIpv4.chain((octets) =>
      ipv4Spelling(octets).map((text) => [octets.join("."), text] as const),
    );
    fc.assert(
      fc.property(spelled, ([address, text]) => {
        expect(new URL(`http://${text}/`).hostname).toBe(address);
      }),
      RUNS,
    );
  });

  it.each(PUBLIC_HTTP)("are never allowed by %s", async (name) => {
    const p = await policy(name);
    fc.assert(
      fc.property(internalUrl, fc.constantFrom("get", "head"), (url, operation) => {
        expect(decisionOf(p, { tool: "http", operation, params: { url } }).decision).not.toBe(
          "allow",
        );
      }),
      RUNS,
    );
  });

  it.each(PUBLIC_HTTP)("while public names in any case are allowed by %s", async (name) => {
    const p = await policy(name);
    const host = fc.constantFrom("api.github.com", "pypi.org", "en.wikipedia.org", "www.gov.uk");
    const casing = fc.array(fc.boolean(), { minLength: 20, maxLength: 20 });
    fc.assert(
      fc.property(host, casing, fc.constantFrom("", ".", ":443"), (h, upper, tail) => {
        const spelled = [...h].map((c, k) => (upper[k % 20] ? c.toUpperCase() : c)).join("");
        const url = `https://${spelled}${tail}/path`;
        expect(decisionOf(p, { tool: "http", operation: "get", params: { url } }).decision).toBe(
          "allow",
        );
      }),
      { numRuns: 50 },
    );
  });
});

// Shell option permutations --------------------------------------------------------------------

const path = fc.constantFrom("/", "/srv", "~", ".", "/var/lib/app", "*", "--");
const quoted = (word: string) =>
  fc.constantFrom(
    word,
    `'${word}'`,
    `"${word}"`,
    word.length > 1 ? `${word[0]}\\${word.slice(1)}` : word,
  );
const blank = fc.constantFrom(" ", "  ", "\t", " \t ");
const prefix = fc.constantFrom(
  "",
  "sudo ",
  "sudo -u root ",
  "\\",
  "/bin/",
  "env X=1 ",
  "command ",
  "xargs ",
  "nice -n 5 ",
);
const wrap = fc.constantFrom(
  (cmd: string) => cmd,
  (cmd: string) => `ls; ${cmd}`,
  (cmd: string) => `cd /tmp && ${cmd}`,
  (cmd: string) => `true || ${cmd}\n`,
  (cmd: string) => `sh -c "${cmd}"`,
  (cmd: string) => `echo $(${cmd})`,
);

/**
 * A program, its operands, some harmless options and one of `options`, in any order, each word
 * maybe quoted, after random blanks, behind a prefix (sudo, /bin/, xargs, ...) and inside a
 * wrapper (after another command, in sh -c, in $( )).
 */
function permutedCommand(
  program: string,
  operand: fc.Arbitrary<string>,
  harmless: string[],
  options: string[],
) {
  const words = fc
    .tuple(
      fc.subarray(harmless),
      fc.constantFrom(...options),
      fc.array(operand, { minLength: 1, maxLength: 3 }),
    )
    .chain(([some, option, operands]) => {
      const all = [...some, option, ...operands];
      return fc.shuffledSubarray(all, { minLength: all.length });
    });
  const spelled = words.chain((all) =>
    fc.tuple(...all.map((word) => fc.tuple(blank, quoted(word)).map(([gap, w]) => gap + w))),
  );
  return fc
    .tuple(prefix, spelled, wrap)
    .map(([pre, all, wrapWith]) => wrapWith(`${pre}${program}${all.join("")}`));
}

const recursiveDelete = permutedCommand(
  "rm",
  path,
  ["-f", "-v", "-i", "--force", "--verbose"],
  ["-r", "-R", "-rf", "-fr", "-Rf", "-vfr", "--recursive", "--rec", "--r"],
);
const recursiveChmod = fc.oneof(
  permutedCommand(
    "chmod",
    fc.constantFrom("777", "a+rwx", "/", "/etc"),
    ["-v", "-f", "--silent"],
    ["-R", "-vR", "--recursive", "--recur"],
  ),
  permutedCommand(
    "chown",
    fc.constantFrom("root", "nobody:nogroup", "/", "/srv"),
    ["-h", "-v"],
    ["-R", "-hR", "--recursive"],
  ),
  permutedCommand("chgrp", fc.constantFrom("staff", "/"), ["-v"], ["-R", "--recursive"]),
);
const forkBomb = fc
  .record({
    name: fc.constantFrom(":", ".", "f", "bomb", "_x", "a1"),
    syntax: fc.constantFrom(
      (n: string, b: string) => `${n}(){ ${b} };${n}`,
      (n: string, b: string) => `${n} ( ) { ${b}; }; ${n}`,
      (n: string, b: string) => `${n}() ( ${b} ); ${n}`,
      (n: string, b: string) => `function ${n} { ${b}; }; ${n}`,
      (n: string, b: string) => `function ${n}() { ${b}; }\n${n}`,
      (n: string, b: string) => `true;function\t${n} { ${b}; }; ${n}`,
    ),
    gap: blank,
  })
  .map(({ name, syntax, gap }) => syntax(name, `${name}${gap}|${gap}${name}${gap}&`));

const SHELL_DENY = [
  "default.yaml",
  "packs/infra-shell-limits.yaml",
  "examples/deny-destructive-shell.yaml",
];

describe("destructive shell commands with options anywhere", () => {
  it("are told apart from the same commands without a recursive option", async () => {
    const p = await policy("default.yaml");
    const harmless = permutedCommand("rm", path, ["-f", "-v"], ["-i", "--force", "--verbose"]);
    fc.assert(
      fc.property(harmless, (cmd) => {
        const decision = decisionOf(p, { tool: "shell", operation: "run", params: { cmd } });
        expect(decision.reason_details.rule_id).not.toBe("shell-deny-recursive-delete");
      }),
      RUNS,
    );
  });

  const classes = [
    ["recursive rm", recursiveDelete],
    ["recursive chmod / chown / chgrp", recursiveChmod],
    ["a fork bomb in any function syntax", forkBomb],
  ] as const;
  describe.each(SHELL_DENY)("%s", (name) => {
    it.each(classes)("denies %s in every generated spelling", async (_, commands) => {
      const p = await policy(name);
      fc.assert(
        fc.property(commands, (cmd) => {
          const { decision } = decisionOf(p, { tool: "shell", operation: "run", params: { cmd } });
          expect(decision).toBe("deny");
        }),
        RUNS,
      );
    });
  });
});

// Riding fields --------------------------------------------------------------------------------

const anyJson = fc.jsonValue({ maxDepth: 2 });
const ridingKey = (allowed: readonly string[], named: string[]) =>
  fc
    .oneof(fc.constantFrom(...named), fc.string({ minLength: 1, maxLength: 12 }))
    .filter((key) => !allowed.includes(key));

const GETS: [string, string, readonly string[]][] = [
  ["default.yaml", "https://api.github.com/zen", ["url"]],
  ["examples/allow-http.yaml", "https://pypi.org/simple/", ["url"]],
  ["examples/deny-unknown-tools.yaml", "https://api.github.com/", ["url"]],
  ["packs/restricted-http.yaml", "https://registry.npmjs.org/left-pad", ["url"]],
  ["packs/marketing-bot.yaml", "https://api.hubapi.com/analytics/v2/reports", ["url"]],
];
const httpRiders = [
  "method",
  "headers",
  "proxy",
  "unix_socket",
  "socketPath",
  "base_url",
  "baseURL",
  "URL",
  "Url",
  "redirect",
  "follow_redirects",
  "data",
  "body",
  "agent",
  "lookup",
];

describe("riding fields", () => {
  it.each(GETS)(
    "an allowed GET under %s stops being allowed with any extra key",
    async (name, url, allowed) => {
      const p = await policy(name);
      expect(decisionOf(p, { tool: "http", operation: "get", params: { url } }).decision).toBe(
        "allow",
      );
      fc.assert(
        fc.property(ridingKey(allowed, httpRiders), anyJson, (key, value) => {
          const params = { url, [key]: value };
          expect(decisionOf(p, { tool: "http", operation: "get", params }).decision).not.toBe(
            "allow",
          );
        }),
        RUNS,
      );
    },
  );

  const REFUNDS: [string, string, readonly string[]][] = [
    ["packs/saas-refunds.yaml", "support-bot-1", ["amount", "currency", "charge_id", "reason"]],
    ["examples/large-refunds-approval.yaml", "any-agent", ["amount", "currency"]],
  ];
  const amountRiders = [
    "amount_cents",
    "Amount",
    "AMOUNT",
    "quantity",
    "qty",
    "amounts",
    "items",
    "line_items",
    "total",
    "refund_amount",
    "value",
  ];
  const amounts = fc.oneof(
    fc.integer({ min: 51, max: 10_000_000 }),
    fc.array(fc.record({ amount: fc.integer({ min: 51, max: 1e7 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  );

  it.each(REFUNDS)(
    "a small refund under %s stops being allowed beside another amount",
    async (name, agent, allowed) => {
      const p = await policy(name);
      const small = { amount: 20, currency: "USD" };
      const refund = (params: Record<string, unknown>) =>
        decide(
          { agent_id: agent, tool: "payments", operation: "refund", params },
          { policy: p, runtimeVersion: "t" },
        ).decision;
      expect(refund(small)).toBe("allow");
      fc.assert(
        fc.property(ridingKey(allowed, amountRiders), fc.oneof(amounts, anyJson), (key, value) => {
          expect(refund({ ...small, [key]: value })).not.toBe("allow");
        }),
        RUNS,
      );
      // and amounts nested inside a key that may be present
      fc.assert(
        fc.property(fc.constantFrom(...allowed), amounts, (key, value) => {
          const nested = { ...small, [key]: Array.isArray(value) ? value : { amount: value } };
          expect(refund(nested)).not.toBe("allow");
        }),
        RUNS,
      );
    },
  );
});
