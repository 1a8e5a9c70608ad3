// Debian poppler-utils on PDF bytes: pdftotext (what a reader's viewer extracts) and pdftoppm
// (page 1 as PNG, kept under test-artifacts/ for people to look at).
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');
export const DOC_IMAGES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'img');

async function withPdfFile<T>(pdf: Buffer, fn: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    await writeFile(path, pdf);
    return await fn(path, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function pdfToText(pdf: Buffer): Promise<string> {
  return withPdfFile(pdf, async (path) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'])).stdout);
}

/** Renders page 1 to test-artifacts/<name>.png (and docs/img/<name>.png when WRITE_DOC_IMAGES=1); returns the PNG. */
export function pdfPage1Png(pdf: Buffer, name: string): Promise<Buffer> {
  return withPdfFile(pdf, async (path, dir) => {
    await run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', path, join(dir, 'page')]);
    const png = await readFile(join(dir, 'page.png'));
    await saveArtifact(`${name}.png`, png);
    return png;
  });
}

export async function saveArtifact(file: string, data: Buffer): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await writeFile(join(ARTIFACTS, file), data);
  if (process.env.WRITE_DOC_IMAGES === '1') {
    await mkdir(DOC_IMAGES, { recursive: true });
    await writeFile(join(DOC_IMAGES, file), data);
  }
}
