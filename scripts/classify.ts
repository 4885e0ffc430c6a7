// Classifies comments from stdin, one per line, and writes one JSON line per comment.
// Usage: npm run classify < comments.txt
import { createInterface } from 'node:readline'
import { createClassifier } from '../src/modules/comments/classifier/index.js'

const classifier = createClassifier()
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })
for await (const line of lines) {
  const { language, sentiment, score, complaint, category, signals } = classifier.classify(line)
  const ok = process.stdout.write(
    `${JSON.stringify({ language, sentiment, score, complaint, category, signals })}\n`,
  )
  if (!ok) await new Promise((resolve) => process.stdout.once('drain', resolve))
}
