export { type ApplyReport, applyTopics, type SubjectReport, type TopicReport } from './apply-topics.ts';
