/**
 * Payloads an agent, a compromised 8x8 account or a crafted webhook could put
 * in a message, a display name or a file name. Every script payload calls
 * `__xss(n)`, which the test page records: any call at all is a failure.
 */

const call = (n: number) => `__xss(${n})`;

/** One payload per line of attack; `n` tells which one ran. */
function vectors(n: number): string[] {
  const c = call(n);
  return [
    `<script>${c}</script>`,
    `<img src=x onerror=${c}>`,
    `<img src="x" onerror="${c}">`,
    `<svg onload=${c}>`,
    `<svg><script>${c}</script></svg>`,
    `<svg><animate onbegin=${c} attributeName=x dur=1s>`,
    `<iframe src="javascript:${c}"></iframe>`,
    `<iframe srcdoc="<script>parent.${c}</script>"></iframe>`,
    `<body onload=${c}>`,
    `<details open ontoggle=${c}>`,
    `<video><source onerror=${c}></video>`,
    `<audio src=x onerror=${c}>`,
    `<input autofocus onfocus=${c}>`,
    `<marquee onstart=${c}>`,
    `<object data="javascript:${c}"></object>`,
    `<embed src="javascript:${c}">`,
    `<a href="javascript:${c}">click</a>`,
    `<form action="javascript:${c}"><button>go</button></form>`,
    `<math><mtext><table><mglyph><style><img src=x onerror=${c}>`,
    `<style>@import 'javascript:${c}';</style>`,
    `<link rel=stylesheet href="javascript:${c}">`,
    `<meta http-equiv="refresh" content="0;url=javascript:${c}">`,
    `<base href="javascript:${c}//">`,
    `"><img src=x onerror=${c}>`,
    `'><svg onload=${c}>`,
    `</p><script>${c}</script>`,
    `</textarea><script>${c}</script>`,
    `<!--<img src="--><img src=x onerror=${c}//">`,
    `<noscript><p title="</noscript><img src=x onerror=${c}>">`,
    `<template><img src=x onerror=${c}></template>`,
    `<div style="background:url(javascript:${c})">x</div>`,
    `javascript:${c}`,
    `JaVaScRiPt:${c}`,
    `java\tscript:${c}`,
    `data:text/html,<script>${c}</script>`,
    `data:text/html;base64,${btoa(`<script>${c}</script>`)}`,
    `vbscript:msgbox(${n})`,
    `[click me](javascript:${c})`,
    `[click me](data:text/html,<script>${c}</script>)`,
    `![img](x" onerror="${c})`,
    `<https://example.com/" onmouseover="${c}>`,
    `https://example.com/"><img src=x onerror=${c}>`,
    `https://example.com/?q=<script>${c}</script>`,
    `\u202e<img src=x onerror=${c}>`,
    `<img\u200bsrc=x onerror=${c}>`,
    `＜script＞${c}＜/script＞`,
    `&lt;script&gt;${c}&lt;/script&gt;`,
    `&#60;img src=x onerror=${c}&#62;`,
    `%3Cscript%3E${c}%3C/script%3E`,
    `\\u003cscript\\u003e${c}\\u003c/script\\u003e`,
    `{{constructor.constructor('${c}')()}}`,
    `\${${c}}`,
    `<scr<script>ipt>${c}</scr</script>ipt>`,
    `<img src=x:x onerror=${c} onload=${c}>`,
    `<svg><a xlink:href="javascript:${c}"><text x="20" y="20">x</text></a></svg>`,
    `<isindex type=image src=1 onerror=${c}>`,
    `<x onclick=${c}>click</x>`,
    `<a href=" javascript:${c}">x</a>`,
    `<a href="&#106;avascript:${c}">x</a>`,
    `<a href="java&#x09;script:${c}">x</a>`,
  ];
}

/** The whole corpus: every vector, plain and wrapped in text around it. */
export function xssCorpus(): string[] {
  const base = vectors(0).length;
  const all: string[] = [];
  for (let i = 0; i < base; i++) {
    const n = i + 1;
    const payload = vectors(n)[i]!;
    all.push(
      payload,
      `Hello ${payload} there`,
      `${payload}\n${payload}`,
      `see https://example.com ${payload}`,
      `**${payload}**`,
    );
  }
  return all;
}
