import { Anchor, Badge, Button, FileInput, type FileInputProps, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { upload } from "../api/client";
import { showError } from "./ui";

export interface AttachmentItem {
  id: string;
  filename: string;
  size: number;
  uploadedBy: string;
  isPublic?: boolean;
}

const kb = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export const allowedTypes = ".pdf,.png,.jpg,.jpeg,.gif,.txt,.log,.csv,.docx,.xlsx,.pptx,.zip";

/** A file field that takes a click or files dropped on it; `multiple` adds dropped files to those chosen. */
export function FileField({ files, onFiles, multiple = false, ...props }: Omit<FileInputProps, "value" | "defaultValue" | "onChange" | "multiple"> & { files: File[]; onFiles: (files: File[]) => void; multiple?: boolean }) {
  const [over, setOver] = useState(false);
  const input = multiple
    ? <FileInput {...props} multiple placeholder="Click or drop files" value={files} onChange={onFiles} />
    : <FileInput {...props} placeholder="Click or drop a file" value={files[0] ?? null} onChange={(f) => onFiles(f ? [f] : [])} />;
  return (
    <div
      style={over ? { outline: "2px dashed var(--mantine-color-blue-5)", outlineOffset: 4, borderRadius: 4 } : undefined}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const dropped = [...e.dataTransfer.files];
        if (dropped.length) onFiles(multiple ? [...files, ...dropped] : dropped.slice(0, 1));
      }}
    >
      {input}
    </div>
  );
}

/** The ticket's files with download links, and an upload control. */
export function Attachments({ items, downloadBase, uploadUrl, onUploaded }: { items: AttachmentItem[]; downloadBase: string; uploadUrl?: string; onUploaded: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const file = files[0] ?? null;
  const [busy, setBusy] = useState(false);
  return (
    <Stack gap="xs">
      {items.length ? (
        items.map((a) => (
          <Group key={a.id} gap="xs">
            <Anchor href={`${downloadBase}/${a.id}`}>{a.filename}</Anchor>
            <Text size="xs" c="dimmed">{kb(a.size)} · {a.uploadedBy}</Text>
            {a.isPublic === false && <Badge size="xs" color="gray">Internal</Badge>}
          </Group>
        ))
      ) : (
        <Text size="sm" c="dimmed">No files yet.</Text>
      )}
      {uploadUrl && (
        <Group align="end">
          <FileField label="Attach a file" description="Up to 10 MB: PDF, images, text, Office documents, zip" accept={allowedTypes} files={files} onFiles={setFiles} clearable w={320} />
          <Button disabled={!file} loading={busy} onClick={async () => {
            if (!file) return;
            if (file.size > 10 * 1024 * 1024) return showError(new Error("too large"));
            setBusy(true);
            try {
              await upload(uploadUrl, file);
              setFiles([]);
              onUploaded();
            } catch (err) {
              showError(err);
            } finally {
              setBusy(false);
            }
          }}>Upload</Button>
        </Group>
      )}
    </Stack>
  );
}
