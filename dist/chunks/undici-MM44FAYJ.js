import { createRequire as __teCreateRequire } from 'node:module'; const require = __teCreateRequire(import.meta.url);
import{a}from"./chunk-7C47PLM5.js";import"./chunk-FG2DT4XF.js";export default a();
