import type { TopicPartitions } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { PartitionFlowControl } from './partition-flow-control.ts';

/** What the consumer was told, in order. */
function recordingConsumer() {
  const calls: string[] = [];
  const describe = (what: string, targets: TopicPartitions[]) =>
    targets.map((t) => `${what} ${t.topic}${t.partitions ? `:${t.partitions.join(',')}` : ''}`);
  return {
    calls,
    pause: (targets: TopicPartitions[]) => void calls.push(...describe('pause', targets)),
    resume: (targets: TopicPartitions[]) => void calls.push(...describe('resume', targets)),
  };
}

describe('PartitionFlowControl', () => {
  it('resumes a partition only when no reason to pause it is left', () => {
    const consumer = recordingConsumer();
    const flow = new PartitionFlowControl(consumer, 'in');
    expect(flow.pause(0, 'backpressure')).toBe(true);
    expect(flow.pause(0, 'batch-running')).toBe(true);
    expect(flow.pause(1, 'backpressure')).toBe(true);
    // Backpressure lifts while partition 0's batch still runs: only partition 1 is fetched again.
    expect(flow.release('backpressure')).toEqual([0, 1]);
    expect(consumer.calls).toEqual(['pause in:0', 'pause in:1', 'resume in:1']);
    expect(flow.release('batch-running', [0])).toEqual([0]);
    expect(consumer.calls.at(-1)).toBe('resume in:0');
  });

  it('pauses once per reason and releases only partitions paused for that reason', () => {
    const consumer = recordingConsumer();
    const flow = new PartitionFlowControl(consumer, 'in');
    flow.pause(2, 'backpressure');
    expect(flow.pause(2, 'backpressure')).toBe(false);
    expect(flow.release('batch-running', [2])).toEqual([]);
    expect(flow.pausedFor('backpressure')).toEqual([2]);
    expect(consumer.calls).toEqual(['pause in:2']);
  });

  it('resumes nothing once closed for shutdown', () => {
    const consumer = recordingConsumer();
    const flow = new PartitionFlowControl(consumer, 'in');
    flow.pause(0, 'batch-running');
    flow.close();
    flow.release('batch-running', [0]);
    expect(consumer.calls).toEqual(['pause in:0', 'pause in']);
  });

  it('stops (and resumes) a consumer that is not running without throwing, but not other errors', () => {
    const notRunning = () => {
      throw new Error('Consumer group was not initialized, consumer#run must be called first');
    };
    const flow = new PartitionFlowControl({ pause: notRunning, resume: notRunning }, 'in');
    expect(flow.pause(0, 'batch-running')).toBe(true);
    expect(flow.release('batch-running')).toEqual([0]);
    expect(() => flow.close()).not.toThrow();
    const broken = new PartitionFlowControl(
      {
        pause: () => {
          throw new Error('something else');
        },
        resume: () => undefined,
      },
      'in',
    );
    expect(() => broken.close()).toThrow('something else');
  });
});
