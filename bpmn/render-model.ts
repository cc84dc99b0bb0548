import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

/**
 * Renders the provincial model with bpmn-js in Debian's headless Chromium, to look at the
 * layout: writes a PNG of the whole diagram (and optional zoomed crops) and prints the
 * warnings bpmn-js reported while importing. A developer tool, not a test.
 *
 *   npx tsx bpmn/render-model.ts /tmp/model.png [zoom x y ...]
 */

const require = createRequire(import.meta.url);
const bpmnJsDist = join(dirname(require.resolve('bpmn-js/package.json')), 'dist');
const modelPath = join(
  dirname(fileURLToPath(import.meta.url)),
  'flexible-employment-insurance.bpmn',
);

interface RenderResult {
  warnings: string[];
  elementCount: number;
}

async function render(output: string, crops: { zoom: number; x: number; y: number }[]) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 2400, height: 1500 } });
    await page.setContent(
      '<html><body style="margin:0"><div id="canvas" style="width:100vw;height:100vh"></div></body></html>',
    );
    for (const css of ['diagram-js.css', 'bpmn-js.css']) {
      await page.addStyleTag({ path: join(bpmnJsDist, 'assets', css) });
    }
    await page.addScriptTag({ path: join(bpmnJsDist, 'bpmn-viewer.development.js') });
    const xml = await readFile(modelPath, 'utf8');

    const result: RenderResult = await page.evaluate(async (modelXml) => {
      const Viewer = (window as unknown as { BpmnJS: new (options: object) => BpmnViewer }).BpmnJS;
      const viewer = new Viewer({ container: '#canvas' });
      (window as unknown as { viewer: BpmnViewer }).viewer = viewer;
      const { warnings } = await viewer.importXML(modelXml);
      viewer.get('canvas').zoom('fit-viewport');
      return {
        warnings: warnings.map((warning) => warning.message),
        elementCount: viewer.get('elementRegistry').getAll().length,
      };
    }, xml);
    await page.screenshot({ path: output });

    for (const [index, crop] of crops.entries()) {
      await page.evaluate((view) => {
        const canvas = (window as unknown as { viewer: BpmnViewer }).viewer.get('canvas');
        canvas.zoom(view.zoom);
        canvas.viewbox({ ...canvas.viewbox(), x: view.x, y: view.y });
      }, crop);
      await page.screenshot({ path: output.replace(/\.png$/, `-${index + 1}.png`) });
    }
    return result;
  } finally {
    await browser.close();
  }
}

/** The slice of the bpmn-js viewer API this script uses. */
interface BpmnViewer {
  importXML(xml: string): Promise<{ warnings: { message: string }[] }>;
  get(service: 'canvas'): {
    zoom(level: number | 'fit-viewport'): number;
    viewbox(box?: object): { x: number; y: number; width: number; height: number };
  };
  get(service: 'elementRegistry'): { getAll(): unknown[] };
}

const [output = '/tmp/flexible-employment-insurance.png', ...cropArgs] = process.argv.slice(2);
const crops: { zoom: number; x: number; y: number }[] = [];
for (let index = 0; index + 2 < cropArgs.length; index += 3) {
  crops.push({
    zoom: Number(cropArgs[index]),
    x: Number(cropArgs[index + 1]),
    y: Number(cropArgs[index + 2]),
  });
}

render(output, crops).then(
  (result) => {
    process.stdout.write(
      `rendered ${result.elementCount} elements to ${output}; ` +
        `${result.warnings.length} import warnings\n${result.warnings.join('\n')}\n`,
    );
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
