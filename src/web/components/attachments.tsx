import { Alert, Anchor, Badge, Button, CloseButton, Group, Stack, Text } from "@mantine/core";
import { Dropzone } from "@mantine/dropzone";
import { useId, useState } from "react";
import { allowedExtensions, allowedTypesText, uploadProblem } from "../../shared/uploads";
import { HttpError, upload } from "../api/client";

export interface AttachmentItem {
  id: string;
  filename: string;
  size: number;
  uploadedBy: string;
  isPublic?: boolean;
}

const kb = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

// The file dialog offers the allowed extensions; every chosen or dropped file is checked again by uploadProblem.
const accept = { "application/octet-stream": allowedExtensions.map((e) => `.${e}`) };

/** Files chosen for sending, and the ones refused (each named with its reason until dismissed). */
export function useFilePicker() {
  const [files, setFiles] = useState<File[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  return {
    files,
    refused,
    add(chosen: File[]) {
      const problems = chosen.map((f) => uploadProblem(f));
      setFiles((old) => [...old, ...chosen.filter((_, i) => !problems[i])]);
      setRefused((old) => [...old, ...problems.filter((p): p is string => !!p)]);
    },
    remove: (i: number) => setFiles((old) => old.filter((_, j) => j !== i)),
    clearFiles: () => setFiles([]),
    dismiss: (i: number) => setRefused((old) => old.filter((_, j) => j !== i)),
    /** A file the server refused after sending: named like the browser's own refusals. */
    refuse: (message: string) => setRefused((old) => [...old, message]),
  };
}
export type FilePickerState = ReturnType<typeof useFilePicker>;

/** Why the server refused a file, as a sentence that names it. */
export const refusalOf = (file: File, err: unknown) =>
  `“${file.name}” was not attached: ${err instanceof HttpError ? (err.body.fields?.[0]?.message ?? err.body.message) : "the upload failed. Please try again."}`;

/** Click or drop files; what is refused is said at once, by name, and stays until dismissed. */
export function FilePicker({ picker, label }: { picker: FilePickerState; label: string }) {
  const labelId = useId();
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500} id={labelId}>{label}</Text>
      <Dropzone onDrop={picker.add} onReject={(rejections) => picker.add(rejections.map((r) => r.file))} multiple accept={accept} maxSize={Number.MAX_SAFE_INTEGER} aria-labelledby={labelId} p="md">
        <Text size="sm" ta="center">Click or drop files here</Text>
        <Text size="xs" c="dimmed" ta="center">Up to 10 MB each: {allowedTypesText}.</Text>
      </Dropzone>
      {picker.files.map((f, i) => (
        <Group key={`${f.name}-${i}`} gap="xs" wrap="nowrap">
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>{f.name}</Text>
          <Text size="xs" c="dimmed">{kb(f.size)}</Text>
          <CloseButton size="sm" aria-label={`Remove ${f.name}`} onClick={() => picker.remove(i)} />
        </Group>
      ))}
      {picker.refused.map((message, i) => (
        <Alert key={`${message}-${i}`} color="red" role="alert" withCloseButton closeButtonLabel="Dismiss" onClose={() => picker.dismiss(i)} p="xs">
          {message}
        </Alert>
      ))}
    </Stack>
  );
}

/** The ticket's files with download links, and an upload control. */
export function Attachments({ items, downloadBase, uploadUrl, onUploaded }: { items: AttachmentItem[]; downloadBase: string; uploadUrl?: string; onUploaded: () => void }) {
  const picker = useFilePicker();
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
        <Stack gap="xs" maw={420}>
          <FilePicker picker={picker} label="Attach files" />
          <Group>
            <Button disabled={!picker.files.length} loading={busy} onClick={async () => {
              setBusy(true);
              for (const file of picker.files) {
                try {
                  await upload(uploadUrl, file);
                } catch (err) {
                  picker.refuse(refusalOf(file, err));
                }
              }
              picker.clearFiles();
              setBusy(false);
              onUploaded();
            }}>{picker.files.length > 1 ? `Upload ${picker.files.length} files` : "Upload"}</Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
