/** The queue names live in libs/sync (one enum for the host and the sync engine). */
export { ALL_QUEUES, QueueName } from '@storebridge/sync';
