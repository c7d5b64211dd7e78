import { Anchor, Badge, Button, FileInput, Group, Stack, Text } from "@mantine/core";
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

/** The ticket's files with download links, and an upload control. */
export function Attachments({ items, downloadBase, uploadUrl, onUploaded }: { items: AttachmentItem[]; downloadBase: string; uploadUrl?: string; onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
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
          <FileInput label="Attach a file" description="Up to 10 MB: PDF, images, text, Office documents, zip" accept={allowedTypes} value={file} onChange={setFile} clearable w={320} />
          <Button disabled={!file} loading={busy} onClick={async () => {
            if (!file) return;
            if (file.size > 10 * 1024 * 1024) return showError(new Error("too large"));
            setBusy(true);
            try {
              await upload(uploadUrl, file);
              setFile(null);
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
