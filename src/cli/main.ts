#!/usr/bin/env node
import { processIo, quitWhenPipesClose } from './io.js';
import { runCli } from './program.js';
import { tuneV8 } from './v8-tuning.js';

tuneV8();
quitWhenPipesClose();

process.exitCode = await runCli(process.argv.slice(2), processIo());
