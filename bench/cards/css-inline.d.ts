/** CSS imported as text, as vite does (`?inline`): the bench bundles the widget's card sources with esbuild. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
