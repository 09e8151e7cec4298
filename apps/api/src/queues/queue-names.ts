/** Every Bull queue of the host, in one place (Twenty's pattern). */
export enum QueueName {
  /** Housekeeping jobs of the host itself. */
  System = 'system',
}

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);
