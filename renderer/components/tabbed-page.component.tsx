// A section of the app made of tabs (Transfers, Booklets): its title as the page heading and the
// tab list's name, one panel per tab.
import { useId, type ReactNode } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';

export function TabbedPage({ title, tabs }: { title: string; tabs: readonly { id: string; label: string; content: ReactNode }[] }) {
  const titleId = useId();
  return (
    <section className="page" aria-labelledby={titleId}>
      <h1 id={titleId}>{title}</h1>
      <Tabs>
        <TabList aria-label={title} className="tabs">
          {tabs.map((tab) => (
            <Tab key={tab.id} id={tab.id}>
              {tab.label}
            </Tab>
          ))}
        </TabList>
        {tabs.map((tab) => (
          <TabPanel key={tab.id} id={tab.id}>
            {tab.content}
          </TabPanel>
        ))}
      </Tabs>
    </section>
  );
}
