import { imageSize } from 'image-size';
import type { FieldProblem } from '../errors.ts';

/**
 * What each kind of material must be (DOMAIN.md "Materials"): the white-background photo
 * for the social security card, and the identity document image when data sharing did
 * not confirm the applicant.
 *
 * The photo's figures follow the usual card photo (358 × 441 pixels, portrait, about
 * 4:5), with room either side; the background colour is not checked (a clerk or the
 * card office sees the photo).
 */
export const materialKinds = {
  photo: {
    label: '白底证件照片',
    types: ['jpg', 'png'],
    maxBytes: 1024 * 1024,
    minWidth: 295,
    minHeight: 413,
    maxWidth: 1200,
    maxHeight: 1600,
    /** width ÷ height */
    minAspect: 0.7,
    maxAspect: 0.9,
  },
  'id-document': {
    label: '身份证件图片',
    types: ['jpg', 'png'],
    maxBytes: 5 * 1024 * 1024,
    minWidth: 600,
    minHeight: 380,
    maxWidth: 6000,
    maxHeight: 6000,
    minAspect: 0.4,
    maxAspect: 2.5,
  },
} as const;

export type MaterialKind = keyof typeof materialKinds;

/** The largest material of any kind, the upload limit of the multipart parser. */
export const largestMaterialBytes = Math.max(
  ...Object.values(materialKinds).map((rules) => rules.maxBytes),
);

/** An image that passed its kind's rules. */
export interface CheckedImage {
  contentType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
}

export type MaterialCheck =
  | { ok: true; image: CheckedImage }
  | {
      ok: false;
      code: 'MATERIAL_TYPE_NOT_ACCEPTED' | 'MATERIAL_TOO_LARGE' | 'MATERIAL_INVALID';
      problem: FieldProblem;
    };

/**
 * Checks an uploaded file against its kind's rules by its content (never its name or
 * declared type): image type, size in bytes and pixel dimensions. Never throws.
 */
export function checkMaterial(kind: MaterialKind, content: Buffer): MaterialCheck {
  const rules = materialKinds[kind];
  const fail = (code: Extract<MaterialCheck, { ok: false }>['code'], message: string) => ({
    ok: false as const,
    code,
    problem: { field: 'file', message: `${rules.label}${message}` },
  });

  if (content.length > rules.maxBytes) {
    return fail('MATERIAL_TOO_LARGE', `不能超过 ${Math.round(rules.maxBytes / 1024)} KB`);
  }
  const size = readSize(content);
  if (!size || !(rules.types as readonly string[]).includes(size.type ?? '')) {
    return fail('MATERIAL_TYPE_NOT_ACCEPTED', '须为 JPEG 或 PNG 图片');
  }

  const { width, height } = size;
  if (width < rules.minWidth || height < rules.minHeight) {
    return fail(
      'MATERIAL_INVALID',
      `像素过小（${width}×${height}），宽至少 ${rules.minWidth}、高至少 ${rules.minHeight} 像素`,
    );
  }
  if (width > rules.maxWidth || height > rules.maxHeight) {
    return fail(
      'MATERIAL_INVALID',
      `像素过大（${width}×${height}），宽不超过 ${rules.maxWidth}、高不超过 ${rules.maxHeight} 像素`,
    );
  }
  const aspect = width / height;
  if (aspect < rules.minAspect || aspect > rules.maxAspect) {
    return fail('MATERIAL_INVALID', `宽高比例不符（${width}×${height}），请按证件照比例裁剪`);
  }
  const contentType = size.type === 'png' ? 'image/png' : 'image/jpeg';
  return { ok: true, image: { contentType, width, height } };
}

function readSize(content: Buffer) {
  try {
    const size = imageSize(content);
    if (!size.width || !size.height) return undefined;
    return { type: size.type, width: size.width, height: size.height };
  } catch {
    return undefined;
  }
}
