// Reads Prometheus text from stdin with parse-prometheus-text-format, for MetricsInteropTest.
// Prints the families as that parser sees them: [{name, help, type, metrics: [{labels, value}]}] as JSON.
import parse from 'parse-prometheus-text-format'

const chunks = []
for await (const c of process.stdin) chunks.push(c)
const families = parse(Buffer.concat(chunks).toString('utf8'))
process.stdout.write(JSON.stringify(families))
