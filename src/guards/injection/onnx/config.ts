// Options of the optional transformer detector: an ONNX text classifier the operator already has on
// disk, with its Hugging Face tokenizer.json, scored beside the linear model.

import { z } from 'zod';

export const onnxConfigSchema = z
  .object({
    /** Path of the `.onnx` file (a sequence classifier: ids in, `[batch, labels]` logits out). */
    model: z.string().min(1),
    /** Path of the model's `tokenizer.json` (Hugging Face tokenizers format). */
    tokenizer: z.string().min(1),
    /** Path of `tokenizer_config.json`, when the model has one (pad token, lower-casing). */
    tokenizer_config: z.string().min(1).optional(),
    /** Graph input names; `mask: null` for a model that takes no attention mask. */
    input_names: z
      .object({
        ids: z.string().min(1).default('input_ids'),
        mask: z.string().min(1).nullable().default('attention_mask'),
        token_type_ids: z.string().min(1).optional(),
      })
      .strict()
      .default({ ids: 'input_ids', mask: 'attention_mask' }),
    /** Output to read; default the model's first output. */
    output: z.string().min(1).optional(),
    /** Which label is "injection" (index into the last dimension of the output). */
    label_index: z.number().int().min(0).default(1),
    /** How logits become a probability: softmax over labels, sigmoid of one logit, or none (already 0..1). */
    activation: z.enum(['softmax', 'sigmoid', 'none']).default('softmax'),
    /** Probability at or above which the transformer alone calls a window an injection. */
    threshold: z.number().gt(0).lt(1).default(0.5),
    /** Tokens per window, special tokens included (the model's maximum sequence length). */
    max_length: z.number().int().min(8).max(8192).default(512),
    /** Tokens shared by neighbouring windows; default half a window, so a payload up to half a window long is whole in one. */
    overlap: z.number().int().min(0).optional(),
    /** Padding token id; default the tokenizer's pad token (`[PAD]`, `<pad>`), else 0. */
    pad_id: z.number().int().min(0).optional(),
    /** Windows per inference call, and onnxruntime's intra-op threads. */
    batch: z.number().int().min(1).max(256).default(8),
    threads: z.number().int().min(1).max(64).default(1),
    /**
     * How the two detectors decide together. `max`: an injection when either reaches its own threshold.
     * `weighted`: `weight × transformer + (1 − weight) × linear` against `combined_threshold`
     * (default: the same mix of the two thresholds).
     */
    combine: z.enum(['max', 'weighted']).default('max'),
    weight: z.number().min(0).max(1).default(0.5),
    combined_threshold: z.number().gt(0).lt(1).optional(),
  })
  .strict()
  .refine((c) => c.overlap === undefined || c.overlap < c.max_length - 4, {
    message: 'overlap must be smaller than max_length minus the special tokens',
    path: ['overlap'],
  });

export type OnnxConfig = z.infer<typeof onnxConfigSchema>;
