// JSON Schema of the scenario *file* for editors (yaml-language-server, VS Code's JSON support),
// generated from the same zod schema that validates it, so the two cannot drift apart.
import * as z from 'zod';
import { scenarioSchema } from './schema.js';

export function scenarioJsonSchema(): object {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'hvsched scenario',
    description: 'A scenario for hvsched, the Microsoft Hypervisor CPU scheduling simulator (docs/scenario-format.md).',
  };
}
