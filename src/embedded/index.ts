// The embedded target: the DatoCMS mock started in this process on loopback ports, reached through
// the same remote Target a staging run uses. The one place the suite starts the mock.
import { startMock, type MockOptions } from '../mock/index.ts';
import { remoteTarget, type Target, type TargetOptions } from '../target/index.ts';

export { FAULTS, type Fault } from '../mock/index.ts';

export async function embeddedTarget(
  mockOptions: MockOptions = {},
  options: Omit<TargetOptions, 'kind' | 'label' | 'disposable' | 'onClose'> = {},
): Promise<Target> {
  const mock = await startMock(mockOptions);
  const label = [
    'embedded mock',
    ...(mock.faults.length > 0 ? [`faults: ${mock.faults.join(', ')}`] : []),
    ...(mockOptions.variant === undefined ? [] : [`variant ${mockOptions.variant}`]),
  ].join(', ');
  return remoteTarget(
    { cmaUrl: mock.cmaUrl, cdaUrl: mock.cdaUrl, token: mock.adminSecret, environment: undefined },
    { ...options, kind: 'mock', label, disposable: true, onClose: () => mock.close() },
  );
}
