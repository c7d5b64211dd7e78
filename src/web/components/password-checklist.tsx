/** The password rules under a new-password field, ticked as the person types (ACC-5). */
import { List, Text, ThemeIcon, VisuallyHidden } from "@mantine/core";
import { IconCircleCheck, IconCircleDashed } from "@tabler/icons-react";
import { useId } from "react";
import { type PasswordPolicy, passwordChecklist } from "../../shared/passwords";

export function PasswordChecklist({ password, policy, personal }: { password: string; policy: PasswordPolicy | undefined; personal: string[] }) {
  const titleId = useId();
  if (!policy) return null;
  return (
    <div>
      <Text size="sm" id={titleId}>Your password needs:</Text>
      <List size="sm" spacing={2} mt={4} center aria-labelledby={titleId}>
        {passwordChecklist(password, policy, personal).map((r) => (
          <List.Item
            key={r.label}
            data-met={r.met}
            c={r.met ? "teal.8" : "dimmed"}
            icon={
              <ThemeIcon size={18} radius="xl" variant="transparent" color={r.met ? "teal" : "gray"}>
                {r.met ? <IconCircleCheck size={18} aria-hidden /> : <IconCircleDashed size={18} aria-hidden />}
              </ThemeIcon>
            }
          >
            {r.label}
            <VisuallyHidden>{r.met ? " (done)" : " (not yet)"}</VisuallyHidden>
          </List.Item>
        ))}
      </List>
    </div>
  );
}
