import { readFileSync } from 'node:fs';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const WORKFLOW = '.github/workflows/contract.yml';
const ACTION = 'action.yml';

interface Step {
  id?: string;
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string | number>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, { branches?: string[] } | null>;
  jobs: Record<string, { if: string; steps: Step[]; env?: Record<string, string> }>;
}
interface Action {
  runs: { using: string; steps: Step[] };
}

const workflow = YAML.parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;
const action = YAML.parse(readFileSync(ACTION, 'utf8')) as Action;
const scripts: [string, Step[]][] = [
  ...Object.entries(workflow.jobs).map(([id, job]): [string, Step[]] => [`${WORKFLOW} job ${id}`, job.steps]),
  [ACTION, action.runs.steps],
];

describe(WORKFLOW, () => {
  it("is a valid workflow for GitHub's own parser", async () => {
    const result = parseWorkflow(
      { name: WORKFLOW, content: readFileSync(WORKFLOW, 'utf8') },
      new NoOperationTraceWriter(),
    );
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(result.context, result.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.map((job) => job.id.toString())).toEqual(['mock', 'staging']);
  });

  it('runs once per change: on pushes to main and on pull requests, and staging on a schedule and on demand', () => {
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request', 'schedule', 'workflow_dispatch']);
    expect(workflow.on.push?.branches).toEqual(['main']);
    expect(workflow.jobs.staging?.if).toContain('schedule');
  });

  it("runs the action on the mock without the tool's own test suite, and on staging with the secret", () => {
    const mock = workflow.jobs.mock!.steps;
    expect(mock.filter((s) => s.run !== undefined)).toEqual([]);
    expect(mock.find((s) => s.uses === './')?.with?.target).toBe('mock');
    const staging = workflow.jobs.staging!;
    expect(staging.env?.DATOCMS_API_TOKEN).toBe('${{ secrets.DATOCMS_API_TOKEN }}');
    const campaign = staging.steps.find((s) => s.uses === './');
    expect(campaign?.with).toMatchObject({ target: 'staging', runs: "${{ inputs.runs || '6' }}" });
    expect(staging.steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'))?.with?.report_paths).toBe(
      `\${{ steps.${campaign?.id as string}.outputs.junit }}`,
    );
  });

  it('sets up a current Node LTS (22 or 24)', () => {
    const versions = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.filter((s) => s.uses?.startsWith('actions/setup-node')).map((s) => String(s.with?.['node-version'])),
    );
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(['22', '24']).toContain(version);
  });
});

describe(ACTION, () => {
  it("is a valid composite action for GitHub's own parser", () => {
    const result = parseAction({ name: ACTION, content: readFileSync(ACTION, 'utf8') }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = convertActionTemplate(result.context, result.value!);
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    expect(template.runs.using).toBe('composite');
    expect(template.inputs?.map((input) => input.id)).toEqual(
      expect.arrayContaining(['target', 'runs', 'time-budget', 'args', 'report-dir']),
    );
    expect(template.outputs?.map((output) => output.id)).toEqual(['exit-code', 'junit']);
  });
});

describe('the scripts of the workflow and the action', () => {
  it.each(scripts)('%s pastes no expression into a script: inputs arrive through env', (_, steps) => {
    for (const step of steps) expect(step.run ?? '', step.name).not.toContain('${{');
  });

  it.each(scripts)('%s runs apt-get update before any apt-get install', (_, steps) => {
    const lines = steps.flatMap((s) => (s.run ?? '').split('\n'));
    const install = lines.findIndex((line) => /apt-get\b.*\binstall\b/.test(line));
    const update = lines.findIndex((line) => /apt-get\b.*\bupdate\b/.test(line));
    if (install >= 0) expect(update, 'apt-get update').toBeGreaterThanOrEqual(0);
    if (install >= 0) expect(update).toBeLessThan(install);
  });
});
