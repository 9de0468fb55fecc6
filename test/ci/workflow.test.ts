import { readFileSync } from 'node:fs';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const FILE = '.github/workflows/contract.yml';

describe(FILE, () => {
  it("is a valid workflow for GitHub's own parser", async () => {
    const result = parseWorkflow({ name: FILE, content: readFileSync(FILE, 'utf8') }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(result.context, result.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.map((job) => job.id.toString())).toEqual(['mock', 'staging']);
  });

  it('runs the tests on push and pull requests, and the staging campaign on a schedule and on demand', () => {
    const workflow = YAML.parse(readFileSync(FILE, 'utf8')) as {
      on: Record<string, unknown>;
      jobs: Record<
        string,
        {
          if: string;
          steps: { run?: string; uses?: string; with?: Record<string, string> }[];
          env?: Record<string, string>;
        }
      >;
    };
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request', 'schedule', 'workflow_dispatch']);
    expect(workflow.jobs.mock?.steps.map((s) => s.run)).toContain('npm test');
    const staging = workflow.jobs.staging!;
    expect(staging.if).toContain('schedule');
    expect(staging.env?.DATOCMS_API_TOKEN).toBe('${{ secrets.DATOCMS_API_TOKEN }}');
    expect(staging.steps.some((s) => s.run?.startsWith('npm run fuzz -- --target staging'))).toBe(true);
    expect(staging.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with?.path).toBe('reports/');
    expect(staging.steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'))?.with?.report_paths).toBe(
      'reports/junit.xml',
    );
  });
});
