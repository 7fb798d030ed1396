// Regenerates the generated parts of the schemas package: the statement-kinds section of README.md
// and the versioned fixtures in fixtures/v1 and v2 (only those not yet written: saved bytes never change).
// Run: npm run docs -w schemas
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { nobleVerifier, signPlan, signStatement } from "@tet/schemas";
import { encodeLock, openManifest, resolveServices } from "@tet/schemas/services";
import {
  fixtureList,
  kindsDoc,
  lockDoc,
  lockExampleManifests,
  PLAN_EXAMPLE,
  planTreeVector,
} from "@tet/schemas/test-support";

const readme = new URL("../README.md", import.meta.url);
const text = readFileSync(readme, "utf8");
const start = "<!-- kinds:start -->";
const end = "<!-- kinds:end -->";
const i = text.indexOf(start);
const j = text.indexOf(end);
if (i < 0 || j < i) throw new Error("README.md has no kinds markers");
writeFileSync(readme, `${text.slice(0, i + start.length)}\n${kindsDoc()}\n${text.slice(j)}`);

for (const [dir, kind, statement, signer] of fixtureList()) {
  const file = new URL(`../fixtures/${dir}/${kind}.cose`, import.meta.url);
  if (!existsSync(file)) writeFileSync(file, signStatement(statement, signer));
}

// The plan kind (issue 18) is not in KINDS yet: its fixture and its Merkle-tree vector.
const plan = new URL("../fixtures/v1/plan.cose", import.meta.url);
if (!existsSync(plan)) writeFileSync(plan, signPlan(PLAN_EXAMPLE.plan, PLAN_EXAMPLE.signer));
const tree = new URL("../fixtures/v1/plan-tree.json", import.meta.url);
if (!existsSync(tree)) writeFileSync(tree, `${JSON.stringify(planTreeVector(), null, 2)}\n`);

// The service-lock fixture: its manifests and the lock they resolve to (fixtures/v1/lock/).
const lockDir = new URL("../fixtures/v1/lock/", import.meta.url);
if (!existsSync(new URL("lock.cbor", lockDir))) {
  mkdirSync(lockDir, { recursive: true });
  const bytes = lockExampleManifests();
  const [meter, avatar, clock] = [bytes.meter, bytes.avatar, bytes.clock].map((b) =>
    openManifest(b, { verifier: nobleVerifier }),
  );
  const resolved = resolveServices({ local: [meter!, avatar!], remote: [clock!] });
  if (!resolved.ok) throw new Error(resolved.problems.map((p) => p.message).join("; "));
  writeFileSync(new URL("avatar.cose", lockDir), bytes.avatar);
  writeFileSync(new URL("clock.cose", lockDir), bytes.clock);
  writeFileSync(new URL("lock.cbor", lockDir), encodeLock(resolved.lock));
}

// The service-lock section of README.md, from the lock codec and the fixture.
const withLock = readFileSync(readme, "utf8");
const [ls, le] = [withLock.indexOf("<!-- lock:start -->"), withLock.indexOf("<!-- lock:end -->")];
if (ls < 0 || le < ls) throw new Error("README.md has no lock markers");
writeFileSync(readme, `${withLock.slice(0, ls + 19)}\n${lockDoc()}\n${withLock.slice(le)}`);
