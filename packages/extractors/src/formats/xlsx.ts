import { PermanentError } from '@docsort/contracts';
import ExcelJS from 'exceljs';
import type { ExtractionLimits } from '../extraction-limits.ts';
import type { FormatExtraction } from '../extraction-result.ts';
import { repackOfficeFile } from '../office-package.ts';

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** Every sheet as lines of tab-separated cells, headed by the sheet's name. */
export async function extractXlsx(bytes: Buffer, limits: ExtractionLimits): Promise<FormatExtraction> {
  const counted = await repackOfficeFile(bytes, limits, 'XLSX');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(counted as unknown as ArrayBuffer);
  } catch (error) {
    throw new PermanentError('CORRUPT', `the XLSX cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parts: string[] = [];
  workbook.eachSheet((sheet) => {
    parts.push(`# ${sheet.name}`);
    sheet.eachRow((row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const line = values
        .map((value) => cellText(value as ExcelJS.CellValue))
        .join('\t')
        .trimEnd();
      if (line.trim()) parts.push(line);
    });
  });
  return { text: parts.join('\n'), pageCount: workbook.worksheets.length };
}
