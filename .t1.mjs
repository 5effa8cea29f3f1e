import { getLlama, readGgufFileInfo } from 'node-llama-cpp';
const t0 = performance.now();
const info = await readGgufFileInfo('/work/shared/models/llama-2-tiny-random.gguf', {readTensorInfo: true});
const md = JSON.parse(JSON.stringify(info.metadata, (k,v)=> Array.isArray(v) && v.length>10 ? [`len ${v.length}`, ...v.slice(0,5), ...v.slice(-3)] : typeof v === 'bigint' ? String(v): v));
console.log(JSON.stringify(md, null, 1).slice(0, 4000));
console.log(info.tensorInfo?.map(t => JSON.stringify(t, (k,v)=> typeof v==='bigint'? String(v): v)).join('\n'));
console.log(Object.keys(info));
console.log('version', info.version, 'align', info.architectureMetadata);
const llama = await getLlama({ gpu: false, build: 'never', logLevel: 'warn' });
console.log('llama loaded', performance.now() - t0, llama.gpu, llama.buildType, llama.cpuMathCores);
const model = await llama.loadModel({ modelPath: '/work/shared/models/llama-2-tiny-random.gguf' });
console.log('model', model.trainContextSize, model.tokenizer('hello world'));
const ctx = await model.createContext({ contextSize: 512, sequences: 2, batchSize: 128 });
const seq = ctx.getSequence();
const toks = model.tokenize('Hello there, how are you?');
let n=0; const t1=performance.now();
for await (const tok of seq.evaluate(toks, { temperature: 0 })) { if (++n >= 20) break; }
console.log('20 tokens', performance.now()-t1);
