import fc from 'fast-check';
import { acceptedName, tokenFlags, type RoleName } from '../../src/generate/index.ts';
import { access, type OracleContext } from '../../src/invariants/index.ts';
import { probe, viewOf, type Surface, type TokenView, type World } from '../../src/scenarios/index.ts';
import { errorCodes, type TokenFlags } from '../../src/spec/index.ts';
import { cmaCalls, type Exchange } from '../../src/target/index.ts';

/** What the suite believes about the subject token: the model of the model-based suite. */
export interface TokenModel {
  name: string;
  flags: TokenFlags;
  role: RoleName;
  secret: string;
}

export interface Real {
  world: World;
  oracle: OracleContext;
}

type Command = fc.AsyncCommand<TokenModel, Real>;

function fail(message: string, exchange: Exchange): never {
  throw new Error(
    `${message}\n  ${exchange.request.method} ${exchange.request.url} → ${exchange.response.status} ${JSON.stringify(exchange.response.body).slice(0, 400)}`,
  );
}

function agree(model: TokenModel, view: TokenView | undefined, exchange: Exchange, what: string): void {
  if (!view) fail(`${what}: no token in the answer`, exchange);
  const mismatch = [
    view.name !== model.name && `name ${JSON.stringify(view.name)} ≠ model ${JSON.stringify(model.name)}`,
    (['can_access_cda', 'can_access_cda_preview', 'can_access_cma'] as const).some((f) => view[f] !== model.flags[f]) &&
      'flags differ from the model',
    view.secret !== model.secret && 'the secret differs from the model',
  ].filter(Boolean);
  if (mismatch.length > 0) fail(`${what}: ${mismatch.join('; ')}`, exchange);
}

const subject = (real: Real) => real.world.ids.subject;

class Update implements Command {
  constructor(
    readonly name: string,
    readonly flags: TokenFlags,
    readonly role: RoleName | undefined,
  ) {}
  check = () => true;
  async run(model: TokenModel, real: Real) {
    const { world } = real;
    const id = subject(real);
    const exchange = await world.update(
      id,
      { name: this.name, ...this.flags },
      this.role ? world.ids.roles[this.role] : undefined,
    );
    if (exchange.response.status !== 200) fail('a valid update was refused', exchange);
    model.name = this.name;
    model.flags = { ...this.flags };
    if (this.role) model.role = this.role;
    const view = viewOf(exchange);
    agree(model, view, exchange, 'update response');
    if (view?.roleId !== world.ids.roles[model.role]) fail(`role ${view?.roleId} ≠ model ${model.role}`, exchange);
  }
  toString = () =>
    `Update${this.role ? '' : 'WithoutRelationships'}(${JSON.stringify(this.name)}, ${flagList(this.flags)}${this.role ? `, ${this.role}` : ''})`;
}

class Rotate implements Command {
  check = () => true;
  async run(model: TokenModel, real: Real) {
    const id = subject(real);
    const exchange = await real.world.target.cma(cmaCalls.rotateToken(id));
    const view = viewOf(exchange);
    if (!view?.secret || view.secret === model.secret) fail('rotation did not give a new secret', exchange);
    model.secret = view.secret;
    agree(model, view, exchange, 'rotation response');
    const old = await probe(real.world, 'cma', id, { kind: 'token', tokenId: id, previous: true });
    if (old.outcome !== 'refused') fail('the secret from before the rotation still works', old.exchange);
  }
  toString = () => 'Rotate';
}

class Probe implements Command {
  constructor(readonly surface: Surface) {}
  check = () => true;
  async run(model: TokenModel, real: Real) {
    const result = await probe(real.world, this.surface, subject(real));
    const wanted = access(this.surface, model.flags, model.role === 'manager', real.oracle);
    if (wanted !== 'either' && result.outcome !== wanted)
      fail(`${this.surface} probe was ${result.outcome}, the model says ${wanted}`, result.exchange);
  }
  toString = () => `Probe(${this.surface})`;
}

class Read implements Command {
  check = () => true;
  async run(model: TokenModel, real: Real) {
    const { exchange, view } = await real.world.read(subject(real));
    agree(model, view, exchange, 'read');
    if (view?.roleId !== real.world.ids.roles[model.role]) fail(`role ${view?.roleId} ≠ model ${model.role}`, exchange);
  }
  toString = () => 'Read';
}

class AttemptEditHardcoded implements Command {
  check = () => true;
  async run(_model: TokenModel, real: Real) {
    const { world } = real;
    const id = world.ids.factoryTokens[0];
    if (!id) return;
    const before = await world.read(id);
    const current = before.view;
    if (!current) fail('the factory token cannot be read', before.exchange);
    // Its own values: on a real project, even a buggy server changes nothing.
    const { name, can_access_cda, can_access_cda_preview, can_access_cma } = current;
    const attributes = { name, can_access_cda, can_access_cda_preview, can_access_cma };
    const exchange = await world.update(id, attributes, undefined, 'hardcoded-token probe (no-op)');
    if (!errorCodes(exchange.response.body).includes('NON_EDITABLE_ACCESS_TOKEN'))
      fail('a factory token accepted an update', exchange);
  }
  toString = () => 'AttemptEditHardcoded';
}

class InvalidUpdate implements Command {
  constructor(readonly breakage: 'unknown attribute' | 'missing attribute' | 'wrong type') {}
  check = () => true;
  async run(model: TokenModel, real: Real) {
    const id = subject(real);
    const attributes: Record<string, unknown> = { name: 'never applied', ...model.flags };
    if (this.breakage === 'unknown attribute') attributes.colour = 'red';
    if (this.breakage === 'missing attribute') delete attributes.can_access_cma;
    if (this.breakage === 'wrong type') attributes.can_access_cda = 'yes';
    const exchange = await real.world.target.cma({
      method: 'PUT',
      path: `/access_tokens/${id}`,
      body: { data: { type: 'access_token', id, attributes } },
    });
    if (!errorCodes(exchange.response.body).includes('INVALID_FORMAT'))
      fail(`an update with a ${this.breakage} was not refused with INVALID_FORMAT`, exchange);
    const { exchange: read, view } = await real.world.read(id);
    agree(model, view, read, `read after an update with a ${this.breakage}`);
  }
  toString = () => `InvalidUpdate(${this.breakage})`;
}

const flagList = (flags: TokenFlags) =>
  `cda=${+flags.can_access_cda} preview=${+flags.can_access_cda_preview} cma=${+flags.can_access_cma}`;
const role = fc.constantFrom<RoleName>('manager', 'viewer');
const name = acceptedName;

export const COMMANDS: fc.Arbitrary<Command>[] = [
  fc.tuple(name, tokenFlags, role).map(([n, f, r]) => new Update(n, f, r)),
  fc.tuple(name, tokenFlags).map(([n, f]) => new Update(n, f, undefined)),
  fc.constant(new Rotate()),
  fc.constantFrom<Surface>('cma', 'cda', 'cda-preview', 'secrets').map((s) => new Probe(s)),
  fc.constant(new Read()),
  fc.constant(new AttemptEditHardcoded()),
  fc.constantFrom('unknown attribute', 'missing attribute', 'wrong type' as const).map((b) => new InvalidUpdate(b)),
];
