// The real-n8n runtime shared by `npm run demo`, `npm run dev`, the end-to-end, queue-mode and
// compatibility tests. One module per job, all re-exported here:
//
//   runtime/install.mjs    install an n8n version once, on the Node it needs, under .n8n/
//   runtime/n8n.mjs        run n8n: its environment, the CLI (`n8n execute`…), `n8n start`, `n8n worker`
//   runtime/rest.mjs       n8n's REST API: owner, login, publish a workflow, read executions back
//   runtime/import.mjs     import the Vapi credential and workflows (the examples, adapted)
//   runtime/package.mjs    build the package, stage it as a custom extension, or pack and install it
//                          the way n8n installs a community package
//   runtime/simulator.mjs  the Vapi simulator in a child process
//   runtime/processes.mjs  output, child processes (all stopped by stopAll), ports, waiting for HTTP
//
// Which n8n: the pinned N8N_VERSION by default; N8N_RUNTIME_VERSION=<version> runs any script or
// test on another one (installed on first use).

export * from './runtime/paths.mjs';
export * from './runtime/processes.mjs';
export * from './runtime/install.mjs';
export * from './runtime/n8n.mjs';
export * from './runtime/rest.mjs';
export * from './runtime/import.mjs';
export * from './runtime/package.mjs';
export * from './runtime/simulator.mjs';
