// Shared by strategies: put a (transformed) payload into the case's frame and scene.

import type { Conversation, TestCase } from '../types.ts';

/** The case's conversation with `payload` in place of the original payload. */
export function render(tc: TestCase, payload: string, turnsBefore: readonly string[] = []): Conversation {
  const frame = tc.frame ?? '{{payload}}';
  return {
    system: tc.system,
    context: tc.context ?? [],
    turns: [...turnsBefore, frame.replace('{{payload}}', () => payload)],
    tools: tc.tools,
  };
}

/** Obfuscating strategies change what a benign question asks, so they skip benign look-alikes. */
export function obfuscates(tc: TestCase): boolean {
  return tc.benign !== true;
}

/** Already delivered inside a document: moving it into another one adds nothing. */
export function indirect(tc: TestCase): boolean {
  return /<(?:document|email|tool_result)>/.test(tc.frame ?? '');
}
