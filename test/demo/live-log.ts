// Prints a step's log while it runs, as the Actions UI streams it: workflow commands consumed, values
// registered with ::add-mask:: replaced by ***, groups shown as ▸ titles, ::stop-commands:: honoured.

export interface LiveLog {
  /** Feed stdout chunks as they arrive. */
  write(chunk: string): void;
  /** Print what is left after the step ended. */
  end(): void;
}

export function liveLog(print: (line: string) => void = (line) => console.log(`  ${line}`)): LiveLog {
  let pending = '';
  const masks: string[] = [];
  let stopToken: string | undefined;
  const show = (line: string) => {
    if (stopToken !== undefined) {
      // Between ::stop-commands::TOKEN and ::TOKEN:: lines are printed as they are.
      if (line === `::${stopToken}::`) stopToken = undefined;
      else if (line.trim()) print(masks.reduce((text, secret) => text.split(secret).join('***'), line));
      return;
    }
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (!command) {
      if (line.trim()) print(masks.reduce((text, secret) => text.split(secret).join('***'), line));
      return;
    }
    const [, name, data = ''] = command;
    if (name === 'stop-commands' && data) stopToken = data;
    else if (name === 'add-mask' && data) masks.push(data.replace(/%0A/g, '\n').replace(/%25/g, '%'));
    else if (name === 'group') print(`▸ ${data}`);
    else if (name === 'error' || name === 'warning' || name === 'notice') print(`${name[0]!.toUpperCase()}${name.slice(1)}: ${masks.reduce((text, secret) => text.split(secret).join('***'), data)}`);
  };
  return {
    write(chunk) {
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      lines.forEach(show);
    },
    end() {
      if (pending) show(pending);
      pending = '';
    },
  };
}
