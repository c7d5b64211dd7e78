/** INV-1 the company logo printed on invoices: a PNG or JPEG, re-encoded by the server to at most 600 × 200. */
import { Button, FileInput, Group, Image, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { removeCompanyLogo, staffLogoUrl, uploadCompanyLogo, useCompanyLogo } from "../api/invoices";
import { notifyOk, showError } from "../components/ui";

const MAX_BYTES = 2 * 1024 * 1024;

export function CompanyLogoField({ canEdit }: { canEdit: boolean }) {
  const logo = useCompanyLogo();
  const qc = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new address after each change, so the browser shows the new image.
  const [version, setVersion] = useState(0);
  const done = async (message: string) => {
    await qc.invalidateQueries({ queryKey: ["company-logo"] });
    setVersion((n) => n + 1);
    notifyOk(message);
  };
  const choose = async (file: File | null) => {
    setProblem(null);
    if (!file) return;
    if (!/\.(png|jpe?g)$/i.test(file.name)) return setProblem(`“${file.name}” is not a PNG or JPEG image.`);
    if (file.size > MAX_BYTES) return setProblem(`“${file.name}” is larger than 2 MB.`);
    setBusy(true);
    try {
      await uploadCompanyLogo(file);
      await done("Logo saved");
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>Logo</Text>
      {logo.data?.hasLogo ? (
        <Group align="center">
          <Image src={`${staffLogoUrl}?v=${version}`} alt="Your company's logo as printed on invoices" h={60} w="auto" fit="contain" maw={220} />
          <Text size="xs" c="dimmed">{logo.data.width} × {logo.data.height} pixels</Text>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">No logo yet: invoices show your company's name alone.</Text>
      )}
      {canEdit && (
        <Group align="flex-end">
          <FileInput
            label={logo.data?.hasLogo ? "Replace the logo" : "Upload a logo"}
            description="PNG or JPEG, at most 2 MB; it is resized to fit 600 × 200 pixels"
            accept="image/png,image/jpeg"
            // The file goes up as soon as it is chosen; the field stays empty for the next one.
            value={null}
            disabled={busy}
            error={problem}
            onChange={choose}
            w={320}
          />
          {logo.data?.hasLogo && (
            <Button variant="subtle" color="red" onClick={async () => {
              try {
                await removeCompanyLogo();
                await done("Logo removed");
              } catch (err) {
                showError(err);
              }
            }}>Remove logo</Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
