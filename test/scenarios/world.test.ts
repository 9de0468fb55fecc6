import { describe, expect, it } from 'vitest';
import { World } from '../../src/scenarios/index.ts';
import { embeddedTarget } from '../../src/embedded/index.ts';
import { ALL_SURFACES, cmaCalls } from '../../src/target/index.ts';

describe('the world of fixtures', () => {
  it("puts a caller's token back when a refusal that was not one changed it", async () => {
    const target = await embeddedTarget({ faults: ['self-update-allowed'] });
    const world = await World.create(target);
    try {
      const id = world.ids.weakCaller;
      const original = (await world.snapshot()).tokens.find((t) => t.id === id)!;
      const attributes = {
        name: `${world.prefix}renamed`,
        can_access_cda: false,
        can_access_cda_preview: false,
        can_access_cma: false,
      };
      const selfUpdate = await target.cma({
        ...cmaCalls.updateToken(id, attributes),
        credential: { kind: 'token', tokenId: id },
      });
      expect(selfUpdate.response.status).toBe(200);

      const changed = await world.snapshot();
      expect(changed.tokens.find((t) => t.id === id)).toMatchObject({ name: attributes.name, can_access_cma: false });
      await world.restoreCaller(id, changed);
      expect((await world.snapshot()).tokens.find((t) => t.id === id)).toMatchObject({
        name: original.name,
        roleId: original.roleId,
        ...ALL_SURFACES,
      });

      const requests = target.stats.requests;
      await world.restoreCaller(id, await world.snapshot());
      expect(target.stats.requests).toBe(requests + 1);
    } finally {
      await world.dispose();
      await target.close();
    }
  });
});
